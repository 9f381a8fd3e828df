using Courier.Core.Runs;

namespace Courier.Standalone.Tests.Support;

/// <summary>One run seen by <see cref="RecordingDispatcher"/>.</summary>
public sealed record RecordedRun(string Instance, string Job, RunTrigger Trigger, DateTimeOffset At)
{
    public bool Aborted { get; set; }
}
