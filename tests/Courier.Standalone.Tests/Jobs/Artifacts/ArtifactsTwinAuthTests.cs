using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;

namespace Courier.Standalone.Tests.Jobs.Artifacts;

/// <summary>The artifact twin's own rules (spec §5.2): 404 for a missing, wrong or unset secret, logged without it; 12 calls a minute per client, then 429.</summary>
[Collection(AzuriteFixture.Collection)]
public sealed class ArtifactsTwinAuthTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-secret-value-1234")]
    public async Task Twin_MissingOrWrongSecret_Answers404AndLogsTheFailureWithoutTheSecret(string? secret)
    {
        await using var h = await ArtifactsHost.StartAsync(azurite);

        var (status, _) = await h.RunTwinAsync(secret);

        Assert.Equal(404, status);
        var line = Assert.Single(h.Host.Logs.Lines, l => l.Contains("artifact_worker_cron_auth_failed", StringComparison.Ordinal));
        Assert.Contains(secret is null ? "missing secret" : "wrong secret", line, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Host.Logs.Lines, l => l.Contains(TestSecrets.Cron, StringComparison.Ordinal) || (secret is not null && l.Contains(secret, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Twin_SecretSettingUnset_Answers404AndLogsTheFailure()
    {
        await using var h = await ArtifactsHost.StartAsync(azurite, new Dictionary<string, string?> { ["CRON_SECRET"] = null });

        var (status, _) = await h.RunTwinAsync("anything-presented-9876");

        Assert.Equal(404, status);
        var line = Assert.Single(h.Host.Logs.Lines, l => l.Contains("artifact_worker_cron_auth_failed", StringComparison.Ordinal));
        Assert.Contains("secret setting CRON_SECRET is empty", line, StringComparison.Ordinal);
        Assert.DoesNotContain("anything-presented-9876", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Twin_ThirteenthCallInAMinute_Answers429WithRetryAfter()
    {
        // The default limit (12 a minute per client IP), not the test hosts' generous one.
        await using var h = await ArtifactsHost.StartAsync(azurite, new Dictionary<string, string?> { ["Http:TwinRateLimitPerMinute"] = null });

        for (var i = 0; i < 12; i++) Assert.Equal(200, (await h.RunTwinAsync()).Status);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/delivery/admin/run-artifact-worker");
        request.Headers.TryAddWithoutValidation("X-CRON-SECRET", TestSecrets.Cron);
        using var refused = await h.Client.SendAsync(request);

        Assert.Equal(429, (int)refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task Twin_BearerCarrier_IsAccepted()
    {
        await using var h = await ArtifactsHost.StartAsync(azurite);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/delivery/admin/run-artifact-worker");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestSecrets.Cron);

        using var response = await h.Client.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("""{"success":true,"processed":0,"recovered":0,"ready":0,"failed":0,"retried":0,"deferred":0}""", await response.Content.ReadAsStringAsync());
    }
}
