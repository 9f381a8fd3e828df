namespace Courier.Sandbox.Control;

/// <summary>A thread-safe ledger of one kind of call; entries get a sequence number shared by every ledger in the process, so calls can be ordered across routes.</summary>
public sealed class Ledger<TEntry>(string name) : ILedger
    where TEntry : class
{
    private static long sequence;

    private readonly Lock gate = new();
    private readonly List<TEntry> entries = [];

    public string Name { get; } = name;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Appends the entry built from the next sequence number and returns it.</summary>
    public TEntry Add(Func<long, TEntry> create)
    {
        var entry = create(Interlocked.Increment(ref sequence));
        lock (gate)
        {
            entries.Add(entry);
        }

        return entry;
    }

    public IReadOnlyList<TEntry> Snapshot()
    {
        lock (gate)
        {
            return [.. entries];
        }
    }

    IReadOnlyList<object> ILedger.Entries() => Snapshot();

    public void Reset()
    {
        lock (gate)
        {
            entries.Clear();
        }
    }
}
