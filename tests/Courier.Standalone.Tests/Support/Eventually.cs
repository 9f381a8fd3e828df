using System.Diagnostics;

namespace Courier.Standalone.Tests.Support;

/// <summary>Waits (bounded, by yielding, never by sleeping) for asynchronous work to reach a state.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, double seconds = 10)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds)) throw new TimeoutException("timed out waiting for " + what);
            await Task.Yield();
        }
    }
}
