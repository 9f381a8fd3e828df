using System.Text;
using Courier.Core.Scheduling;
using Courier.Storage.Scheduling;

namespace Courier.Storage.Tests.Scheduling;

/// <summary>The host's status JSON: written as Newtonsoft writes WebJobs' ScheduleStatus, read as leniently as the host reads it.</summary>
public sealed class WebJobsScheduleStatusJsonTests
{
    private static readonly DateTimeOffset T = new(2026, 4, 1, 10, 15, 0, TimeSpan.Zero);

    private static string Write(ScheduleStatus status) => Encoding.UTF8.GetString(WebJobsScheduleStatusJson.Write(status));

    private static ScheduleStatus Read(string json) => WebJobsScheduleStatusJson.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Write_WholeSeconds_WritesTheHostsJson() =>
        Assert.Equal("""{"Last":"2026-04-01T10:15:00+00:00","Next":"2026-04-01T10:20:00+00:00","LastUpdated":"2026-04-01T10:15:00+00:00"}""",
            Write(new ScheduleStatus(T, T.AddMinutes(5), T)));

    [Fact]
    public void Write_FractionalSeconds_TrimsTrailingZerosAsNewtonsoftDoes() =>
        Assert.Equal("""{"Last":"2026-04-01T10:15:00.05+00:00","Next":"2026-04-01T10:20:00+00:00","LastUpdated":"2026-04-01T10:15:00.0000001+00:00"}""",
            Write(new ScheduleStatus(T.AddMilliseconds(50), T.AddMinutes(5), T.AddTicks(1))));

    [Fact]
    public void Write_OffsetOtherThanUtc_KeepsTheOffset() =>
        Assert.Contains("\"Next\":\"2026-04-01T12:20:00+02:00\"", Write(new ScheduleStatus(T, T.AddMinutes(5).ToOffset(TimeSpan.FromHours(2)), T)), StringComparison.Ordinal);

    [Fact]
    public void Write_NoLast_WritesTheHostsUnsetValueNotNull() =>
        Assert.StartsWith("""{"Last":"0001-01-01T00:00:00+00:00","Next":""", Write(new ScheduleStatus(null, T, T)), StringComparison.Ordinal);

    [Theory]
    [InlineData("2026-04-01T10:20:00+00:00")]
    [InlineData("2026-04-01T12:20:00+02:00")]
    [InlineData("2026-04-01T05:20:00-05:00")]
    [InlineData("2026-04-01T10:20:00Z")]
    [InlineData("2026-04-01T10:20:00")]
    [InlineData("2026-04-01T10:20:00.0000000+00:00")]
    public void Read_HostDateFormats_ReturnTheInstant(string next) =>
        Assert.Equal(T.AddMinutes(5), Read($$"""{"Last":"2026-04-01T10:15:00+00:00","Next":"{{next}}","LastUpdated":"2026-04-01T10:15:00+00:00"}""").Next);

    [Fact]
    public void Read_HostJson_ReturnsAllThreeValues()
    {
        var status = Read("""{"Last":"2026-04-01T10:15:00.1234567+00:00","Next":"2026-04-01T10:20:00+00:00","LastUpdated":"2026-04-01T10:15:01+00:00"}""");

        Assert.Equal((T.AddTicks(1234567), T.AddMinutes(5), T.AddSeconds(1)), (status.Last, status.Next, status.LastUpdated));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+00:00")]
    [InlineData("0001-01-01T00:00:00-05:00")]
    [InlineData("0001-01-01T02:00:00+02:00")]
    [InlineData("0001-01-01T00:00:00")]
    public void Read_HostUnsetLast_ReturnsNullLast(string last) =>
        Assert.Null(Read($$"""{"Last":"{{last}}","Next":"2026-04-01T10:20:00+00:00","LastUpdated":"2026-04-01T10:15:00+00:00"}""").Last);

    [Fact]
    public void Read_ExtraFieldsAndOtherCase_AreTolerated()
    {
        var status = Read("""{ "next": "2026-04-01T10:20:00+00:00", "LAST": "2026-04-01T10:15:00+00:00", "IsPastDue": false, "Schedule": { "AdjustForDST": true } }""");

        Assert.Equal((T, T.AddMinutes(5), DateTimeOffset.MinValue), (status.Last, status.Next, status.LastUpdated));
    }

    [Fact]
    public void Read_MissingOrUnsetNext_ReturnsMaxValueSoTheSchedulerRearms()
    {
        Assert.Equal(DateTimeOffset.MaxValue, Read("""{"Last":"2026-04-01T10:15:00+00:00"}""").Next);
        Assert.Equal(DateTimeOffset.MaxValue, Read("""{"Next":"0001-01-01T00:00:00+00:00"}""").Next);
        Assert.Equal(DateTimeOffset.MaxValue, Read("""{"Next":null}""").Next);
        Assert.Equal(DateTimeOffset.MaxValue, Read("""{"Next":"soon"}""").Next);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{\"Last\":")]
    [InlineData("not json")]
    public void Read_NotAStatusObject_ReturnsAllUnset(string content) =>
        Assert.Equal(new ScheduleStatus(null, DateTimeOffset.MaxValue, DateTimeOffset.MinValue), Read(content));

    [Fact]
    public void Read_Utf8Bom_IsSkipped()
    {
        var bytes = Encoding.UTF8.Preamble.ToArray().Concat(Encoding.UTF8.GetBytes("""{"Next":"2026-04-01T10:20:00+00:00"}""")).ToArray();

        Assert.Equal(T.AddMinutes(5), WebJobsScheduleStatusJson.Read(bytes).Next);
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        var set = new ScheduleStatus(T, T.AddMinutes(5).ToOffset(TimeSpan.FromHours(-3)), T.AddTicks(7));
        var unset = new ScheduleStatus(null, DateTimeOffset.MaxValue, DateTimeOffset.MinValue);

        Assert.Equal(set, WebJobsScheduleStatusJson.Read(WebJobsScheduleStatusJson.Write(set)));
        Assert.Equal(unset, WebJobsScheduleStatusJson.Read(WebJobsScheduleStatusJson.Write(unset)));
    }
}
