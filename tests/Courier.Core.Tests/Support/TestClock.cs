using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Support;

/// <summary>A fixed start for every fake clock, so dates in failures are readable and runs are repeatable.</summary>
internal static class TestClock
{
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider New() => new(Start);
}
