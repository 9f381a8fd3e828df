using Courier.Core.Circuits;
using Courier.Core.Queue;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Circuits;

/// <summary>
/// When a held circuit is released (new credentials, an operator's close), its site's rows that wait for that hold are made
/// due now in every registered queue, so the next run sends them instead of waiting out <see cref="CircuitOptions.HeldRowDelay"/>.
/// </summary>
public sealed class HeldRowWaker(WorkQueue queue, IEnumerable<QueueDefinition> queues, IOptions<CircuitOptions> options)
{
    private readonly TimeSpan _window = options.Value.HeldRowDelay + options.Value.GatedRowJitter + TimeSpan.FromMinutes(1);

    /// <summary>Wakes the rows held by <paramref name="before"/> (the circuit as it was before the release); 0 when it was not held.</summary>
    public async Task<int> WakeAsync(CircuitRecord? before, CancellationToken cancellationToken)
    {
        if (before is not { State: CircuitState.Held, HoldReason: { } reason }) return 0;
        var woken = 0;
        foreach (var name in queues.Select(q => q.Name).Distinct(StringComparer.Ordinal))
            woken += await queue.WakeAsync(name, before.Key.SiteId, reason, _window, cancellationToken).ConfigureAwait(false);
        return woken;
    }
}
