using Courier.Core.Errors;
using Courier.Providers.Google;
using Courier.Sandbox.Control;
using Courier.Sandbox.Google;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Providers.Tests.Google;

public sealed class GoogleOAuthTokenSourceTests(SandboxServer sandbox) : IClassFixture<SandboxServer>, IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero));
    private ServiceProvider services = null!;

    private GoogleOAuthTokenSource Tokens => services.GetRequiredService<GoogleOAuthTokenSource>();

    public async Task InitializeAsync()
    {
        await sandbox.Control.ResetAsync();
        services = ProviderServices.Build(sandbox.BaseAddress, time: time);
    }

    public async Task DisposeAsync() => await services.DisposeAsync();

    [Fact]
    public async Task GetAccessTokenAsync_TwiceWithinLifetime_OneTokenCallSameToken()
    {
        var first = await Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(50));
        var second = await Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(await TokenLedgerAsync());
    }

    [Fact]
    public async Task GetAccessTokenAsync_WithinRefreshMarginOfExpiry_FetchesNewToken()
    {
        var first = await Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None);
        time.Advance(GoogleOAuthState.Lifetime - GoogleOAuthTokenSource.RefreshMargin);
        var second = await Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(2, (await TokenLedgerAsync()).Count);
    }

    [Fact]
    public async Task GetAccessTokenAsync_OtherRefreshToken_SeparateCacheEntry()
    {
        await Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None);
        await Tokens.GetAccessTokenAsync(Grant("refresh-2"), CancellationToken.None);

        Assert.Equal(2, (await TokenLedgerAsync()).Count);
    }

    [Fact]
    public async Task GetAccessTokenAsync_ConcurrentCallers_OneTokenCall()
    {
        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None)));

        Assert.Single(tokens.Distinct());
        Assert.Single(await TokenLedgerAsync());
    }

    [Fact]
    public async Task Invalidate_CurrentToken_NextCallFetchesNewToken()
    {
        var first = await Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None);
        Tokens.Invalidate(Grant(), first);

        var second = await Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Invalidate_StaleToken_KeepsNewerCachedToken()
    {
        var current = await Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None);
        Tokens.Invalidate(Grant(), "ya29.some-older-token");

        Assert.Equal(current, await Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None));
    }

    [Fact]
    public async Task GetAccessTokenAsync_RevokedRefreshToken_PermanentInvalidGrant()
    {
        var e = await Assert.ThrowsAsync<ProviderException>(() => Tokens.GetAccessTokenAsync(Grant("revoked-1"), CancellationToken.None));

        Assert.Equal(ErrorClass.Permanent, e.Error.Class);
        Assert.Equal("invalid_grant", e.Error.Code);
    }

    [Fact]
    public async Task GetAccessTokenAsync_TokenEndpointAlways503_RetriedThenTransient()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleOAuthEndpoints.RouteKey, Status = 503 });

        var e = await Assert.ThrowsAsync<ProviderException>(() => Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None));

        Assert.Equal(ErrorClass.Transient, e.Error.Class);

        // A refresh is safe to repeat, so the shared pipeline retried it (1 + 2 retries).
        Assert.Equal(3, (await TokenLedgerAsync()).Count);
    }

    [Fact]
    public async Task GetAccessTokenAsync_TokenEndpoint503Once_RetriedAndSucceeds()
    {
        await sandbox.Control.AddFaultAsync(new FaultSpec { Route = GoogleOAuthEndpoints.RouteKey, Status = 503, Count = 1 });

        var token = await Tokens.GetAccessTokenAsync(Grant(), CancellationToken.None);

        Assert.StartsWith("ya29.", token, StringComparison.Ordinal);
        Assert.Equal([503, 200], (await TokenLedgerAsync()).Select(c => c.Status));
    }

    [Fact]
    public void GrantToString_Always_HidesSecrets()
    {
        var text = Grant().ToString();

        Assert.DoesNotContain(ProviderServices.RefreshToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ProviderServices.ClientSecret, text, StringComparison.Ordinal);
        Assert.Contains("client-id-1", text, StringComparison.Ordinal);
    }

    private GoogleRefreshTokenGrant Grant(string refreshToken = ProviderServices.RefreshToken) =>
        new(new Uri(sandbox.BaseAddress, "token"), "client-id-1", ProviderServices.ClientSecret, refreshToken);

    private Task<IReadOnlyList<OAuthTokenCall>> TokenLedgerAsync() => sandbox.Control.GetLedgerAsync<OAuthTokenCall>(GoogleOAuthEndpoints.RouteKey);
}
