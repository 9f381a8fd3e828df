using Courier.Core.Credentials;

namespace Courier.TestUtils.Conformance.Credentials;

/// <summary>Conformance of <see cref="ICredentialStore"/>: one protected blob per (site, provider), replaced by a new save.</summary>
public abstract class CredentialStoreConformance
{
    protected static readonly DateTimeOffset Start = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A store over storage no other test uses.</summary>
    protected abstract ICredentialStore CreateStore(string scope);

    protected static string NewScope() => "t" + Guid.NewGuid().ToString("N")[..10];

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task GetAsync_NeverSaved_ReturnsNull()
    {
        Assert.Null(await CreateStore(NewScope()).GetAsync("site-1", "google_ads", None));
    }

    [Fact]
    public async Task SaveAsync_Credential_RoundTrips()
    {
        var store = CreateStore(NewScope());
        var credential = new ProviderCredential("site-1", "google_ads", "v1.k1.bm9uY2U=.Y2lwaGVy.dGFn", "k1", Start);

        await store.SaveAsync(credential, None);

        Assert.Equal(credential, await store.GetAsync("site-1", "google_ads", None));
    }

    [Fact]
    public async Task SaveAsync_Again_ReplacesBlobAndKeyId()
    {
        var store = CreateStore(NewScope());
        await store.SaveAsync(new ProviderCredential("site-1", "google_ads", "old", "k1", Start), None);
        var rotated = new ProviderCredential("site-1", "google_ads", "new", "k2", Start + TimeSpan.FromDays(1));

        await store.SaveAsync(rotated, None);

        Assert.Equal(rotated, await store.GetAsync("site-1", "google_ads", None));
    }

    [Fact]
    public async Task SaveAsync_OddKeysAndLargeBlob_RoundTrip()
    {
        var store = CreateStore(NewScope());
        var credential = new ProviderCredential("page/1#2?3\\4", "meta%page", new string('x', 50_000), "k1", Start);

        await store.SaveAsync(credential, None);

        Assert.Equal(credential, await store.GetAsync("page/1#2?3\\4", "meta%page", None));
        Assert.Null(await store.GetAsync("page/1#2?3\\4", "google_ads", None));
    }
}
