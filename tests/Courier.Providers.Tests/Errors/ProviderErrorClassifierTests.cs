using System.Net;
using Courier.Core.Errors;
using Courier.Providers.Errors;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;

namespace Courier.Providers.Tests.Errors;

public sealed class ProviderErrorClassifierTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, ErrorClass.Transient)]
    [InlineData(HttpStatusCode.BadGateway, ErrorClass.Transient)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ErrorClass.Transient)]
    [InlineData(HttpStatusCode.GatewayTimeout, ErrorClass.Transient)]
    [InlineData(HttpStatusCode.RequestTimeout, ErrorClass.Transient)]
    [InlineData(HttpStatusCode.TooManyRequests, ErrorClass.Transient)]
    [InlineData(HttpStatusCode.BadRequest, ErrorClass.Permanent)]
    [InlineData(HttpStatusCode.Unauthorized, ErrorClass.Permanent)]
    [InlineData(HttpStatusCode.Forbidden, ErrorClass.Permanent)]
    [InlineData(HttpStatusCode.NotFound, ErrorClass.Permanent)]
    [InlineData(HttpStatusCode.UnprocessableEntity, ErrorClass.Permanent)]
    public void FromStatus_NoRetryAfter_Class(HttpStatusCode status, ErrorClass expected)
    {
        var error = ProviderErrorClassifier.FromStatus(status, retryAfter: null);

        Assert.Equal(expected, error.Class);
        Assert.Equal($"http_{(int)status}", error.Code);
    }

    [Fact]
    public void FromStatus_429WithRetryAfter_RateLimited()
    {
        var error = ProviderErrorClassifier.FromStatus(HttpStatusCode.TooManyRequests, TimeSpan.FromSeconds(30), "RATE", "slow down");

        Assert.Equal(ProviderError.RateLimited("RATE", "slow down", TimeSpan.FromSeconds(30)), error);
    }

    [Fact]
    public void FromResponse_RetryAfterSeconds_Read()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "120");

        Assert.Equal(TimeSpan.FromSeconds(120), ProviderErrorClassifier.FromResponse(response, time).RetryAfter);
    }

    [Fact]
    public void RetryAfter_HttpDate_MeasuredAgainstTimeProvider()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", "Sun, 01 Mar 2026 10:05:00 GMT");

        Assert.Equal(TimeSpan.FromMinutes(5), ProviderErrorClassifier.RetryAfter(response.Headers, time));
    }

    [Fact]
    public void RetryAfter_DateInThePast_Zero()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.TryAddWithoutValidation("Retry-After", "Sun, 01 Mar 2026 09:00:00 GMT");

        Assert.Equal(TimeSpan.Zero, ProviderErrorClassifier.RetryAfter(response.Headers, time));
    }

    [Fact]
    public void RetryAfter_Absent_Null()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Null(ProviderErrorClassifier.RetryAfter(response.Headers, time));
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError)]
    [InlineData(HttpRequestError.NameResolutionError)]
    [InlineData(HttpRequestError.SecureConnectionError)]
    public void FromTransportFailure_NeverSent_TransientEvenWhenResendIsUnsafe(HttpRequestError reason)
    {
        var error = ProviderErrorClassifier.FromTransportFailure(new HttpRequestException(reason, "x"), resendIsSafe: false);

        Assert.Equal(ErrorClass.Transient, error.Class);
        Assert.Equal("connection_failed", error.Code);
    }

    [Fact]
    public void FromTransportFailure_TimeoutAfterSendingUnsafeResend_UnknownOutcome()
    {
        var error = ProviderErrorClassifier.FromTransportFailure(new TimeoutRejectedException(), resendIsSafe: false);

        Assert.Equal(ProviderError.Unknown("timeout", error.Message), error);
    }

    [Fact]
    public void FromTransportFailure_ConnectionLostSafeResend_Transient()
    {
        var error = ProviderErrorClassifier.FromTransportFailure(new HttpRequestException(HttpRequestError.ResponseEnded, "x"), resendIsSafe: true);

        Assert.Equal(ErrorClass.Transient, error.Class);
        Assert.Equal("connection_lost", error.Code);
    }
}
