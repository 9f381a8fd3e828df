using System.Diagnostics;
using System.Diagnostics.Metrics;
using Courier.Core.Circuits;
using Courier.Core.Runs;

namespace Courier.Hosting.Observability;

/// <summary>Courier's traces and metrics: run duration, items by outcome, queue depth and circuit state.</summary>
public sealed class CourierTelemetry
{
    public const string Name = "Courier";

    private static readonly ActivitySource Source = new(Name);
    private readonly Histogram<double> _runDuration;
    private readonly Counter<long> _items;
    private volatile IReadOnlyList<Measurement<long>> _queueDepth = [];
    private volatile IReadOnlyList<Measurement<int>> _circuitState = [];

    public CourierTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _runDuration = meter.CreateHistogram<double>("courier.run.duration", "s", "Duration of job runs, by job, trigger and outcome.");
        _items = meter.CreateCounter<long>("courier.run.items", "{item}", "Items handled by job runs, by job and outcome (the report's counts).");
        meter.CreateObservableGauge("courier.queue.depth", () => _queueDepth, "{item}", "Queue items per state, as last read.");
        meter.CreateObservableGauge("courier.circuit.state", () => _circuitState, null, "Circuit state per site and provider: 0 closed, 1 half-open, 2 open, 3 held.");
    }

    public Activity? StartRun(string job, RunTrigger trigger)
    {
        var activity = Source.StartActivity($"run {job}", ActivityKind.Internal);
        activity?.SetTag("courier.job", job);
        activity?.SetTag("courier.trigger", trigger.ToString());
        return activity;
    }

    public void RecordRun(Activity? activity, string job, RunTrigger trigger, RunResult result, TimeSpan elapsed)
    {
        var outcome = result.Status switch
        {
            RunStatus.Completed => "succeeded",
            RunStatus.AlreadyRunning => "refused",
            RunStatus.Cancelled => "cancelled",
            _ => "failed",
        };
        activity?.SetTag("courier.run_id", result.RunId);
        activity?.SetTag("courier.outcome", outcome);
        if (result.Status is RunStatus.Failed or RunStatus.Cancelled) activity?.SetStatus(ActivityStatusCode.Error, result.Error);
        if (result.Status == RunStatus.AlreadyRunning) return;

        _runDuration.Record(elapsed.TotalSeconds, new("job", job), new("trigger", trigger.ToString()), new("outcome", outcome));
        foreach (var (name, count) in result.Report?.Counts ?? new Dictionary<string, int>())
            _items.Add(count, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", name));
    }

    /// <summary>Replaces the queue depths the gauge reports.</summary>
    public void ObserveQueues(IEnumerable<(string Job, string Queue, string State, int Count)> depths) =>
        _queueDepth = depths.Select(d => new Measurement<long>(d.Count, new("job", d.Job), new("queue", d.Queue), new("state", d.State))).ToList();

    /// <summary>Replaces the circuit states the gauge reports.</summary>
    public void ObserveCircuits(IEnumerable<CircuitRecord> circuits) =>
        _circuitState = circuits.Select(c => new Measurement<int>(
            c.State switch { CircuitState.Closed => 0, CircuitState.HalfOpen => 1, CircuitState.Held => 3, _ => 2 },
            new("site", c.Key.SiteId),
            new("provider", c.Key.ProviderKey))).ToList();
}
