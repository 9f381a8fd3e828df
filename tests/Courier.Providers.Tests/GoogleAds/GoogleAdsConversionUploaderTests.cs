using Courier.Core.Credentials;
using Courier.Core.Errors;
using Courier.Core.Jobs.Conversions;
using Courier.Providers.GoogleAds;
using CoreOutcome = Courier.Core.Jobs.Conversions.ConversionRowOutcome;
using WireOutcome = Courier.Providers.GoogleAds.ConversionRowOutcome;

namespace Courier.Providers.Tests.GoogleAds;

public sealed class GoogleAdsConversionUploaderTests
{
    private static readonly DateTimeOffset ClickedAt = new(2026, 1, 2, 13, 45, 0, TimeSpan.FromHours(1));

    private static SiteCredentials Stored(string? loginCustomerId = null)
    {
        var values = new Dictionary<string, string>
        {
            ["customer_id"] = "123-456-7890",
            ["developer_token"] = ProviderServices.DeveloperToken,
            ["client_id"] = "client-id-1",
            ["client_secret"] = ProviderServices.ClientSecret,
            ["refresh_token"] = ProviderServices.RefreshToken,
            ["conversion_action_resource_name"] = ProviderServices.ConversionAction,
        };
        if (loginCustomerId is not null) values["login_customer_id"] = loginCustomerId;
        return new SiteCredentials("site-1", GoogleAdsCredentialSchema.Schema, values);
    }

    private static ConversionPayload Payload(string saleId, ClickIdKind kind = ClickIdKind.Gclid) =>
        new("site-1", saleId, kind, "click-" + saleId, ClickedAt, 19.90m, "EUR", "order-" + saleId);

    [Fact]
    public void ProviderKey_Always_GoogleAds()
    {
        Assert.Equal("google_ads", new GoogleAdsConversionUploader(new RecordingClient()).ProviderKey);
    }

    [Fact]
    public void ApiVersion_Always_TheClientsVersion()
    {
        Assert.Equal("v26", new GoogleAdsConversionUploader(new RecordingClient()).ApiVersion);
    }

    [Fact]
    public async Task UploadAsync_StoredCredentials_ClientGetsThemAsGoogleAdsCredentials()
    {
        var client = new RecordingClient();

        await new GoogleAdsConversionUploader(client).UploadAsync(Stored("9876543210"), [Payload("s1")], CancellationToken.None);

        Assert.Equal(ProviderServices.Credentials(loginCustomerId: "9876543210"), Assert.Single(client.Credentials));
    }

    [Fact]
    public async Task UploadAsync_RowsOfEachClickKind_SentAsWireRowsAndOutcomesMappedInOrder()
    {
        var client = new RecordingClient
        {
            Answer = rows => new ConversionUploadResult(
            [
                WireOutcome.Accepted(0),
                new WireOutcome(1, ConversionRowStatus.AlreadyUploaded, ProviderError.Permanent("ORDER_ID_ALREADY_IN_USE", "dup")),
                new WireOutcome(2, ConversionRowStatus.Rejected, ProviderError.Permanent("INVALID_GCLID", "bad click")),
            ]),
        };

        var outcomes = await new GoogleAdsConversionUploader(client).UploadAsync(
            Stored(), [Payload("s1"), Payload("s2", ClickIdKind.Gbraid), Payload("s3", ClickIdKind.Wbraid)], CancellationToken.None);

        var rows = Assert.Single(client.Rows);
        Assert.Equal(("click-s1", null, null), (rows[0].Gclid, rows[0].Gbraid, rows[0].Wbraid));
        Assert.Equal((null, "click-s2", null), (rows[1].Gclid, rows[1].Gbraid, rows[1].Wbraid));
        Assert.Equal((null, null, "click-s3"), (rows[2].Gclid, rows[2].Gbraid, rows[2].Wbraid));
        Assert.Equal(("order-s1", 19.90m, "EUR", ClickedAt), (rows[0].OrderId, rows[0].Value, rows[0].Currency, rows[0].ConversionDateTime));
        Assert.Equal(CoreOutcome.Ok, outcomes[0]);
        Assert.True(outcomes[1].AlreadyUploaded);
        Assert.Equal("ORDER_ID_ALREADY_IN_USE", outcomes[1].Error!.Code);
        Assert.Equal("INVALID_GCLID", outcomes[2].Error!.Code);
    }

    [Fact]
    public async Task UploadAsync_OtherProvidersCredentials_ThrowsBeforeCallingTheClient()
    {
        var client = new RecordingClient();
        var other = new SiteCredentials("site-1", new CredentialSchema("meta", [CredentialField.RequiredSecret("page_token")]), new Dictionary<string, string> { ["page_token"] = "EAAB-SECRET" });

        await Assert.ThrowsAsync<ArgumentException>(() => new GoogleAdsConversionUploader(client).UploadAsync(other, [Payload("s1")], CancellationToken.None));

        Assert.Empty(client.Rows);
    }

    private sealed class RecordingClient : IGoogleAdsConversionClient
    {
        public string ApiVersion => "v26";

        public List<GoogleAdsCredentials> Credentials { get; } = [];

        public List<IReadOnlyList<ClickConversion>> Rows { get; } = [];

        public Func<IReadOnlyList<ClickConversion>, ConversionUploadResult> Answer { get; init; } =
            rows => new ConversionUploadResult(rows.Select((_, i) => WireOutcome.Accepted(i)).ToList());

        public Task<ConversionUploadResult> UploadClickConversionsAsync(GoogleAdsCredentials credentials, IReadOnlyList<ClickConversion> rows, CancellationToken cancellationToken)
        {
            Credentials.Add(credentials);
            Rows.Add(rows);
            return Task.FromResult(Answer(rows));
        }
    }
}
