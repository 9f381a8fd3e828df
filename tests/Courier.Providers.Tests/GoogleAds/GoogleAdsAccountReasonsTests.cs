using Courier.Core.Errors;
using Courier.Providers.GoogleAds;

namespace Courier.Providers.Tests.GoogleAds;

public sealed class GoogleAdsAccountReasonsTests
{
    [Theory]
    [InlineData("invalid_grant", GoogleAdsAccountReasons.CredentialsRejected)]
    [InlineData("invalid_client", GoogleAdsAccountReasons.CredentialsRejected)]
    [InlineData("OAUTH_TOKEN_REVOKED", GoogleAdsAccountReasons.CredentialsRejected)]
    [InlineData("DEVELOPER_TOKEN_INVALID", GoogleAdsAccountReasons.CredentialsRejected)]
    [InlineData("invalid_credentials", GoogleAdsAccountReasons.CredentialsInvalid)]
    [InlineData("DEVELOPER_TOKEN_NOT_APPROVED", GoogleAdsAccountReasons.DeveloperTokenNotApproved)]
    [InlineData("USER_PERMISSION_DENIED", GoogleAdsAccountReasons.PermissionDenied)]
    [InlineData("PERMISSION_DENIED", GoogleAdsAccountReasons.PermissionDenied)]
    [InlineData("CUSTOMER_NOT_ENABLED", GoogleAdsAccountReasons.CustomerNotEnabled)]
    [InlineData("UNSUPPORTED_VERSION", GoogleAdsAccountReasons.ApiVersionUnsupported)]
    [InlineData("NOT_FOUND", GoogleAdsAccountReasons.ApiVersionUnsupported)]
    public void Of_PermanentAccountCode_Reason(string code, string expected)
    {
        Assert.Equal(expected, GoogleAdsAccountReasons.Of(ProviderError.Permanent(code, "m")));
    }

    [Theory]
    [InlineData("UNPARSEABLE_GCLID")]
    [InlineData("TOO_MANY_CONVERSIONS_IN_REQUEST")]
    [InlineData("PARTIAL_FAILURE_MODE_REQUIRED")]
    [InlineData("INVALID_ARGUMENT")]
    [InlineData("http_404")]
    public void Of_RequestOrRowCode_Null(string code)
    {
        Assert.Null(GoogleAdsAccountReasons.Of(ProviderError.Permanent(code, "m")));
    }

    [Fact]
    public void Of_TransientWithAccountCode_Null()
    {
        Assert.Null(GoogleAdsAccountReasons.Of(ProviderError.Transient("PERMISSION_DENIED", "m")));
    }
}
