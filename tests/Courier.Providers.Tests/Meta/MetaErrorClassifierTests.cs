using System.Net;
using Courier.Core.Errors;
using Courier.Providers.Meta;

namespace Courier.Providers.Tests.Meta;

public sealed class MetaErrorClassifierTests
{
    [Theory]
    [InlineData(190, null, ErrorClass.Permanent, "190", MetaAccountReasons.TokenRejected)]
    [InlineData(190, 460, ErrorClass.Permanent, "190/460", MetaAccountReasons.TokenRejected)]
    [InlineData(102, null, ErrorClass.Permanent, "102", MetaAccountReasons.TokenRejected)]
    [InlineData(10, null, ErrorClass.Permanent, "10", MetaAccountReasons.PermissionDenied)]
    [InlineData(200, null, ErrorClass.Permanent, "200", MetaAccountReasons.PermissionDenied)]
    [InlineData(299, null, ErrorClass.Permanent, "299", MetaAccountReasons.PermissionDenied)]
    [InlineData(100, 33, ErrorClass.Permanent, "100/33", null)]
    [InlineData(506, null, ErrorClass.Permanent, "506", null)]
    [InlineData(1609005, null, ErrorClass.Permanent, "1609005", null)]
    [InlineData(1, null, ErrorClass.Transient, "1", null)]
    [InlineData(2, null, ErrorClass.Transient, "2", null)]
    [InlineData(4, null, ErrorClass.RateLimited, "4", null)]
    [InlineData(17, null, ErrorClass.RateLimited, "17", null)]
    [InlineData(32, null, ErrorClass.RateLimited, "32", null)]
    [InlineData(341, null, ErrorClass.RateLimited, "341", null)]
    [InlineData(613, null, ErrorClass.RateLimited, "613", null)]
    [InlineData(80002, null, ErrorClass.RateLimited, "80002", null)]
    [InlineData(368, null, ErrorClass.RateLimited, "368", null)]
    [InlineData(9007, 2207027, ErrorClass.RateLimited, "9007/2207027", null)]
    [InlineData(9, 2207042, ErrorClass.RateLimited, "9/2207042", null)]
    public void Classify_GraphCode_ClassCodeAndHold(int code, int? subcode, ErrorClass expected, string expectedCode, string? hold)
    {
        var error = MetaErrorClassifier.Classify(HttpStatusCode.BadRequest, new MetaGraphError(code, subcode, "m", "OAuthException", false, null, null), null, MetaUsage.None);

        Assert.Equal((expected, expectedCode, hold), (error.Class, error.Code, error.HoldReason));
    }

    [Fact]
    public void Classify_Throttle_WaitsBucRegainTimeBeforeRetryAfter()
    {
        var error = MetaErrorClassifier.Classify(
            HttpStatusCode.BadRequest, new MetaGraphError(80001, null, "m", null, false, null, null), TimeSpan.FromSeconds(30), new MetaUsage(100, TimeSpan.FromMinutes(7)));

        Assert.Equal(TimeSpan.FromMinutes(7), error.RetryAfter);
    }

    [Fact]
    public void Classify_PublishingLimit_WaitsAnHour()
    {
        var error = MetaErrorClassifier.Classify(HttpStatusCode.BadRequest, new MetaGraphError(9, 2207042, "m", null, false, null, null), null, MetaUsage.None);

        Assert.Equal(MetaErrorClassifier.PublishingLimitWait, error.RetryAfter);
    }

    [Theory]
    [InlineData(400, 12345, false, ErrorClass.Permanent)]
    [InlineData(400, 12345, true, ErrorClass.Transient)]
    [InlineData(500, 12345, false, ErrorClass.Transient)]
    [InlineData(500, 100, false, ErrorClass.Permanent)]
    public void Classify_OtherCodes_IsTransientAndStatusDecide(int status, int code, bool transient, ErrorClass expected)
    {
        var error = MetaErrorClassifier.Classify((HttpStatusCode)status, new MetaGraphError(code, null, "m", null, transient, null, null), null, MetaUsage.None);

        Assert.Equal(expected, error.Class);
    }

    [Theory]
    [InlineData(503, ErrorClass.Transient)]
    [InlineData(404, ErrorClass.Permanent)]
    public void Classify_NoGraphBody_HttpStatusDecides(int status, ErrorClass expected)
    {
        var error = MetaErrorClassifier.Classify((HttpStatusCode)status, null, null, MetaUsage.None);

        Assert.Equal((expected, $"http_{status}"), (error.Class, error.Code));
    }
}
