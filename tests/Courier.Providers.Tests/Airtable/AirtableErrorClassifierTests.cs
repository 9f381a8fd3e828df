using System.Net;
using Courier.Core.Errors;
using Courier.Providers.Airtable;

namespace Courier.Providers.Tests.Airtable;

public sealed class AirtableErrorClassifierTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(429, "RATE_LIMIT_REACHED", ErrorClass.RateLimited, null)]
    [InlineData(429, "PUBLIC_API_BILLING_LIMIT_EXCEEDED", ErrorClass.Permanent, AirtableAccountReasons.BillingLimitExceeded)]
    [InlineData(500, null, ErrorClass.Transient, null)]
    [InlineData(503, "SERVICE_UNAVAILABLE", ErrorClass.Transient, null)]
    [InlineData(401, "AUTHENTICATION_REQUIRED", ErrorClass.Permanent, AirtableAccountReasons.CredentialsRejected)]
    [InlineData(403, "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND", ErrorClass.Permanent, AirtableAccountReasons.PermissionDenied)]
    [InlineData(404, "NOT_FOUND", ErrorClass.Permanent, null)]
    [InlineData(422, "INVALID_VALUE_FOR_COLUMN", ErrorClass.Permanent, null)]
    [InlineData(413, null, ErrorClass.Permanent, null)]
    public void Classify_StatusAndType_GivesClassAndHold(int status, string? type, ErrorClass expected, string? hold)
    {
        var error = AirtableErrorClassifier.Classify((HttpStatusCode)status, type, "m", null, Wait);

        Assert.Equal(expected, error.Class);
        Assert.Equal(hold, error.HoldReason);
        Assert.Equal(type ?? $"http_{status}", error.Code);
    }

    [Fact]
    public void Classify_429WithShortRetryAfter_WaitsAtLeast30Seconds() =>
        Assert.Equal(Wait, AirtableErrorClassifier.Classify(HttpStatusCode.TooManyRequests, null, null, TimeSpan.FromSeconds(2), Wait).RetryAfter);
}
