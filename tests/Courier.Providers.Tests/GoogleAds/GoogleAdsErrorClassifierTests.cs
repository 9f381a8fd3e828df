using System.Net;
using Courier.Core.Errors;
using Courier.Providers.GoogleAds;

namespace Courier.Providers.Tests.GoogleAds;

public sealed class GoogleAdsErrorClassifierTests
{
    [Theory]
    [InlineData("ORDER_ID_ALREADY_IN_USE")]
    [InlineData("CLICK_CONVERSION_ALREADY_EXISTS")]
    public void ClassifyRow_AlreadyCodes_AlreadyUploaded(string code)
    {
        var outcome = GoogleAdsErrorClassifier.ClassifyRow(3, code, "m");

        Assert.Equal(ConversionRowStatus.AlreadyUploaded, outcome.Status);
        Assert.Equal(3, outcome.Index);
        Assert.Equal(code, outcome.Error!.Code);
    }

    [Theory]
    [InlineData("TOO_RECENT_CONVERSION_ACTION")]
    [InlineData("TOO_RECENT_EVENT")]
    [InlineData("TOO_RECENT_CLICK")]
    public void ClassifyRow_TooRecentCodes_RateLimitedSixHours(string code)
    {
        var outcome = GoogleAdsErrorClassifier.ClassifyRow(0, code, "m");

        Assert.Equal(ConversionRowStatus.Rejected, outcome.Status);
        Assert.Equal(ProviderError.RateLimited(code, "m", TimeSpan.FromHours(6)), outcome.Error);
    }

    [Theory]
    [InlineData("UNPARSEABLE_GCLID")]
    [InlineData("UNPARSEABLE_GBRAID")]
    [InlineData("EXPIRED_EVENT")]
    [InlineData("EXPIRED_CLICK")]
    [InlineData("EVENT_NOT_FOUND")]
    [InlineData("CONVERSION_PRECEDES_EVENT")]
    [InlineData("GBRAID_WBRAID_BOTH_SET")]
    [InlineData("CUSTOMER_NOT_ACCEPTED_CUSTOMER_DATA_TERMS")]
    public void ClassifyRow_ValidationCodes_PermanentWithCodeAndMessage(string code)
    {
        var outcome = GoogleAdsErrorClassifier.ClassifyRow(0, code, "why");

        Assert.Equal(ProviderError.Permanent(code, "why"), outcome.Error);
        Assert.Equal(ConversionRowStatus.Rejected, outcome.Status);
    }

    [Theory]
    [InlineData("INTERNAL_ERROR")]
    [InlineData("TRANSIENT_ERROR")]
    [InlineData("DEADLINE_EXCEEDED")]
    [InlineData("CONCURRENT_MODIFICATION")]
    [InlineData("RESOURCE_TEMPORARILY_EXHAUSTED")]
    [InlineData("ERROR_CODE_NOT_PUBLISHED")]
    public void ClassifyRow_TransientCodes_RejectedTransient(string code)
    {
        var outcome = GoogleAdsErrorClassifier.ClassifyRow(0, code, "m");

        Assert.Equal(ConversionRowStatus.Rejected, outcome.Status);
        Assert.Equal(ProviderError.Transient(code, "m"), outcome.Error);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", null, ErrorClass.Transient)]
    [InlineData(HttpStatusCode.GatewayTimeout, null, null, ErrorClass.Transient)]
    [InlineData(HttpStatusCode.InternalServerError, "INTERNAL", "INTERNAL_ERROR", ErrorClass.Transient)]
    [InlineData(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", "TRANSIENT_ERROR", ErrorClass.Transient)]
    [InlineData(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", "DEADLINE_EXCEEDED", ErrorClass.Transient)]
    [InlineData(HttpStatusCode.TooManyRequests, "RESOURCE_EXHAUSTED", "RESOURCE_EXHAUSTED", ErrorClass.Transient)]
    [InlineData(HttpStatusCode.TooManyRequests, "RESOURCE_EXHAUSTED", "RESOURCE_TEMPORARILY_EXHAUSTED", ErrorClass.Transient)]
    [InlineData(HttpStatusCode.Conflict, "ABORTED", "CONCURRENT_MODIFICATION", ErrorClass.Transient)]
    [InlineData(HttpStatusCode.Conflict, "ABORTED", null, ErrorClass.Transient)]
    [InlineData(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", "ERROR_CODE_NOT_PUBLISHED", ErrorClass.Transient)]
    [InlineData(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", "PARTIAL_FAILURE_MODE_REQUIRED", ErrorClass.Permanent)]
    [InlineData(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", "UNSUPPORTED_VERSION", ErrorClass.Permanent)]
    [InlineData(HttpStatusCode.Unauthorized, "UNAUTHENTICATED", "OAUTH_TOKEN_INVALID", ErrorClass.Permanent)]
    [InlineData(HttpStatusCode.Forbidden, "PERMISSION_DENIED", "USER_PERMISSION_DENIED", ErrorClass.Permanent)]
    [InlineData(HttpStatusCode.BadRequest, "INVALID_ARGUMENT", "TOO_MANY_CONVERSIONS_IN_REQUEST", ErrorClass.Permanent)]
    [InlineData(HttpStatusCode.BadRequest, null, null, ErrorClass.Permanent)]
    public void ClassifyRequest_NoRetryDelay_Class(HttpStatusCode status, string? googleStatus, string? code, ErrorClass expected)
    {
        var error = GoogleAdsErrorClassifier.ClassifyRequest(status, googleStatus, code is null ? [] : [code], "m", retryAfter: null);

        Assert.Equal(expected, error.Class);
        Assert.Equal(code ?? googleStatus ?? $"http_{(int)status}", error.Code);
    }

    [Fact]
    public void ClassifyRequest_QuotaWithDelay_RateLimitedWithThatDelay()
    {
        var error = GoogleAdsErrorClassifier.ClassifyRequest(HttpStatusCode.TooManyRequests, "RESOURCE_EXHAUSTED", ["RESOURCE_EXHAUSTED"], "m", TimeSpan.FromSeconds(30));

        Assert.Equal(ProviderError.RateLimited("RESOURCE_EXHAUSTED", "m", TimeSpan.FromSeconds(30)), error);
    }

    [Fact]
    public void ClassifyRequest_503WithRetryAfter_TransientCarryingIt()
    {
        var error = GoogleAdsErrorClassifier.ClassifyRequest(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", [], "m", TimeSpan.FromSeconds(5));

        Assert.Equal(ProviderError.Transient("UNAVAILABLE", "m", TimeSpan.FromSeconds(5)), error);
    }

    [Fact]
    public void ClassifyRequest_404WithoutGoogleCode_PermanentNotFound()
    {
        var error = GoogleAdsErrorClassifier.ClassifyRequest(HttpStatusCode.NotFound, null, [], "m", retryAfter: null);

        Assert.Equal(ProviderError.Permanent("NOT_FOUND", "m"), error);
    }
}
