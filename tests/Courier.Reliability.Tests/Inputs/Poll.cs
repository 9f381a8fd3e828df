using System.Diagnostics;

namespace Courier.Reliability.Tests.Inputs;

/// <summary>Bounded polling of real processes and storage (every 100 ms, up to a deadline): never a fixed sleep.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> probe, string what, TimeSpan? limit = null)
    {
        var clock = Stopwatch.StartNew();
        while (!await probe())
        {
            if (clock.Elapsed > (limit ?? TimeSpan.FromSeconds(30))) throw new TimeoutException("timed out waiting for " + what);
            await Task.Delay(100);
        }
    }
}
