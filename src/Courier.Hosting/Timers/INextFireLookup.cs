namespace Courier.Hosting.Timers;

/// <summary>Where a host knows a timer's next occurrence from (the standalone schedule monitor); without one it is computed from the schedule.</summary>
public interface INextFireLookup
{
    Task<DateTimeOffset?> NextFireAsync(string timer, CancellationToken cancellationToken);
}
