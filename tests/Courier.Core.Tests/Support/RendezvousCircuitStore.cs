using Courier.Core.Circuits;

namespace Courier.Core.Tests.Support;

/// <summary>
/// Wraps a circuit store so that, once armed, the next <c>parties</c> reads wait for each other: every racer reads the
/// same version before any of them writes, which makes a lost conditional write certain instead of likely.
/// </summary>
internal sealed class RendezvousCircuitStore(ICircuitStore inner) : ICircuitStore
{
    private readonly object _gate = new();
    private TaskCompletionSource? _all;
    private int _waiting;

    public void Arm(int parties)
    {
        lock (_gate)
        {
            _waiting = parties;
            _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async Task<CircuitRecord?> GetAsync(CircuitKey key, CancellationToken cancellationToken)
    {
        var record = await inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
        Task? wait = null;
        lock (_gate)
        {
            if (_all is not null)
            {
                wait = _all.Task;
                if (--_waiting == 0)
                {
                    _all.SetResult();
                    _all = null;
                }
            }
        }

        if (wait is not null) await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        return record;
    }

    public async Task<bool> TryWriteAsync(CircuitRecord record, CancellationToken cancellationToken)
    {
        // Yield so racers interleave even though the inner store completes synchronously.
        await Task.Yield();
        return await inner.TryWriteAsync(record, cancellationToken).ConfigureAwait(false);
    }

    public Task<IReadOnlyList<CircuitRecord>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
}
