namespace Courier.Core.Queue;

/// <summary>How a <see cref="QueueDrainer{TPayload}"/> drains one queue; immutable, copied once when the drainer is built.</summary>
/// <param name="Queue">The queue's name in storage.</param>
public sealed record QueueDrainSettings(string Queue)
{
    /// <summary>Items claimed (and acknowledged) per round trip; one Table transaction holds at most 100.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>How long a claim holds an item before recovery may rescue it; long items extend it with a heartbeat.</summary>
    public TimeSpan LeaseFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>After this many attempts a failing item fails instead of being retried; null for no limit.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>Upper bound of the due items counted as deferred at the end of a run, so the count stays one bounded read.</summary>
    public int DeferredCountLimit { get; init; } = 1000;

    /// <summary>Settings for a registered queue: its name and attempt limit, other values at their defaults.</summary>
    public static QueueDrainSettings For(QueueDefinition definition) =>
        new(definition.Name) { MaxAttempts = definition.MaxAttempts };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first value that cannot work.</summary>
    public void Validate()
    {
        QueueKeys.Validate(Queue, "-");
        if (BatchSize is < 1 or > 5000) throw new ArgumentException($"BatchSize must be between 1 and 5000, was {BatchSize}");
        if (LeaseFor <= TimeSpan.Zero) throw new ArgumentException($"LeaseFor must be positive, was {LeaseFor}");
        if (MaxAttempts is < 1) throw new ArgumentException($"MaxAttempts must be at least 1 when set, was {MaxAttempts}");
        if (DeferredCountLimit < 0) throw new ArgumentException($"DeferredCountLimit must not be negative, was {DeferredCountLimit}");
    }
}
