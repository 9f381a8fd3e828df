using System.Text.Json;
using Courier.Functions.Handler;

namespace Courier.Functions.Tests.Handler;

public sealed class TimerInvocationTests
{
    [Theory]
    [InlineData("""{"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":true}},"Metadata":{"sys":{}}}""", true)]
    [InlineData("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""", false)]
    [InlineData("""{"data":{"timer":{"isPastDue":true}}}""", true)]
    [InlineData("""{"Data":{}}""", false)]
    [InlineData("", false)]
    public void Parse_Payload_ReadsIsPastDue(string body, bool pastDue) =>
        Assert.Equal(pastDue, TimerInvocation.Parse(body).IsPastDue);

    [Fact]
    public void Parse_NotJson_Throws() =>
        Assert.ThrowsAny<JsonException>(() => TimerInvocation.Parse("{not json"));
}
