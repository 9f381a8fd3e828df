using System.ComponentModel.DataAnnotations;

namespace Courier.Core.Circuits;

/// <summary>The circuit rules of spec §4; the defaults are the specified values.</summary>
public sealed class CircuitOptions
{
    [Range(1, 1000)]
    public int FailureThreshold { get; set; } = 5;

    public TimeSpan OpenDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Random extra on top of <see cref="OpenDuration"/>, so circuits of many sites do not probe at once.</summary>
    public TimeSpan OpenJitter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Random spread of gated rows after the probe time.</summary>
    public TimeSpan GatedRowJitter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How far a held circuit's rows are put back each time a run meets them (plus <see cref="GatedRowJitter"/>).</summary>
    public TimeSpan HeldRowDelay { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 10000)]
    public int ProbeLimit { get; set; } = 5;

    /// <summary>How long one instance holds the right to probe before another may take it over.</summary>
    public TimeSpan ProbeLease { get; set; } = TimeSpan.FromMinutes(10);
}
