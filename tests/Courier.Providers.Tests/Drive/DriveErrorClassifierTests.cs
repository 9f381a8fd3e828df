using System.Net;
using Courier.Core.Errors;
using Courier.Providers.Drive;

namespace Courier.Providers.Tests.Drive;

public sealed class DriveErrorClassifierTests
{
    [Theory]
    [InlineData(403, "userRateLimitExceeded", ErrorClass.Transient, null)]
    [InlineData(403, "rateLimitExceeded", ErrorClass.Transient, null)]
    [InlineData(429, "rateLimitExceeded", ErrorClass.Transient, null)]
    [InlineData(500, "backendError", ErrorClass.Transient, null)]
    [InlineData(503, null, ErrorClass.Transient, null)]
    [InlineData(401, "authError", ErrorClass.Permanent, DriveAccountReasons.CredentialsRejected)]
    [InlineData(403, "insufficientPermissions", ErrorClass.Permanent, DriveAccountReasons.PermissionDenied)]
    [InlineData(403, "insufficientFilePermissions", ErrorClass.Permanent, null)]
    [InlineData(403, "storageQuotaExceeded", ErrorClass.Permanent, null)]
    [InlineData(404, "notFound", ErrorClass.Permanent, null)]
    [InlineData(400, "badRequest", ErrorClass.Permanent, null)]
    public void Classify_StatusAndReason_GivesClassAndHold(int status, string? reason, ErrorClass expected, string? hold)
    {
        var error = DriveErrorClassifier.Classify((HttpStatusCode)status, reason, "m", null);

        Assert.Equal(expected, error.Class);
        Assert.Equal(hold, error.HoldReason);
        Assert.Equal(reason ?? $"http_{status}", error.Code);
    }

    [Fact]
    public void Quote_EscapesBackslashAndQuote() => Assert.Equal(@"'it\'s \\ x'", DriveQueryText.Quote(@"it's \ x"));
}
