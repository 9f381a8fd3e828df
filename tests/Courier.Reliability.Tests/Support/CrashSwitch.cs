namespace Courier.Reliability.Tests.Support;

/// <summary>Where a crash point sits: the n-th storage write or the n-th provider call of a run.</summary>
public enum CrashTarget
{
    StorageWrite,
    ProviderCall,
}

/// <summary>
/// The process's power switch, shared by the storage policy and the provider handler of one Courier host. It counts storage
/// writes and provider calls; armed, it "kills" the host at the n-th one: before the request is sent (nothing happened) or
/// after its answer came back (it happened, the run never learns). From then on every storage request and provider call of
/// the host throws, so nothing the dead run still does in memory (catch blocks, finally blocks, lease releases) reaches
/// storage or a provider: what storage and the sandbox hold is what a killed process would have left.
/// </summary>
public sealed class CrashSwitch
{
    private int _storageWrites;
    private int _providerCalls;
    private int _tripped;
    private (CrashTarget Target, int At, bool After)? _armed;

    public int StorageWrites => Volatile.Read(ref _storageWrites);

    public int ProviderCalls => Volatile.Read(ref _providerCalls);

    /// <summary>Whether the armed crash point was reached (the host is "dead").</summary>
    public bool Tripped => Volatile.Read(ref _tripped) == 1;

    /// <summary>Counts from zero and kills the host at the <paramref name="at"/>-th <paramref name="target"/> (1-based).</summary>
    public void Arm(CrashTarget target, int at, bool after)
    {
        ResetCounts();
        Volatile.Write(ref _tripped, 0);
        _armed = (target, at, after);
    }

    /// <summary>Counts from zero with no crash point (a counting run, or the host after its restart).</summary>
    public void Disarm()
    {
        _armed = null;
        ResetCounts();
        Volatile.Write(ref _tripped, 0);
    }

    /// <summary>Called before a request leaves; returns true when the host must die once the answer is back.</summary>
    public bool Before(CrashTarget kind, bool counts, string what)
    {
        ThrowIfDead(what);
        if (!counts) return false;
        var n = kind == CrashTarget.StorageWrite ? Interlocked.Increment(ref _storageWrites) : Interlocked.Increment(ref _providerCalls);
        if (_armed is not { } armed || armed.Target != kind || armed.At != n) return false;
        if (armed.After) return true;
        Trip(what);
        return false;
    }

    /// <summary>Kills the host after a request that took effect.</summary>
    public void After(string what) => Trip(what);

    private void Trip(string what)
    {
        Volatile.Write(ref _tripped, 1);
        throw new SimulatedCrashException(what);
    }

    private void ThrowIfDead(string what)
    {
        if (Tripped) throw new SimulatedCrashException(what);
    }

    private void ResetCounts()
    {
        Volatile.Write(ref _storageWrites, 0);
        Volatile.Write(ref _providerCalls, 0);
    }
}
