using Courier.Hosting.Timers;

namespace Courier.Hosting.Tests.Timers;

public sealed class CronScheduleTests
{
    [Theory]
    [InlineData("0 */5 * * * *", "2026-03-01T10:02:30Z", "2026-03-01T10:05:00Z")]
    [InlineData("0 */5 * * * *", "2026-03-01T10:05:00Z", "2026-03-01T10:10:00Z")]
    [InlineData("0 * * * * *", "2026-03-01T10:02:30Z", "2026-03-01T10:03:00Z")]
    [InlineData("*/2 * * * * *", "2026-03-01T10:02:30.5Z", "2026-03-01T10:02:32Z")]
    [InlineData("0 0 9 * * Mon", "2026-03-01T10:00:00Z", "2026-03-02T09:00:00Z")]
    public void NextAfter_Utc_IsTheNextOccurrence(string expression, string instant, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CronSchedule.Parse(expression).NextAfter(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void NextAfter_TimeZone_FiresAtLocalWallClock()
    {
        var zone = CronSchedule.FindZone("Europe/Berlin")!;
        // 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer.
        var schedule = CronSchedule.Parse("0 0 9 * * *", zone);
        Assert.Equal(new DateTimeOffset(2026, 1, 15, 8, 0, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 1, 15, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 7, 0, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void NextAfter_WallClockSkippedByDst_DoesNotFireThatDay()
    {
        // Berlin skips 02:00–03:00 on 2026-03-29.
        var schedule = CronSchedule.Parse("0 30 2 * * *", CronSchedule.FindZone("Europe/Berlin"));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero), schedule.NextAfter(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero).AddDays(1)));
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("0 */5 * * * * *")]
    [InlineData("banana")]
    [InlineData("0 61 * * * *")]
    public void IsValid_NotSixNcrontabFields_IsFalse(string expression)
    {
        Assert.False(CronSchedule.IsValid(expression));
        Assert.Throws<FormatException>(() => CronSchedule.Parse(expression));
    }

    [Fact]
    public void FindZone_Unknown_IsNull() => Assert.Null(CronSchedule.FindZone("Mars/Olympus_Mons"));
}
