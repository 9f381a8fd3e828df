using System.Collections.Concurrent;

namespace Courier.Providers.Google;

/// <summary>
/// Access tokens cached per credential until shortly before they expire, with one fetch per credential at a time (the
/// others wait and reuse its result). Shared by every Google token source; times come from the injected clock.
/// </summary>
internal sealed class AccessTokenCache(TimeProvider time)
{
    /// <summary>Refresh this long before expiry, so a token never dies in the middle of a call.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, CachedToken> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>The cached token of <paramref name="key"/>, or one from <paramref name="fetch"/> (token and lifetime), then cached.</summary>
    public async Task<string> GetAsync(string key, Func<CancellationToken, Task<(string Token, TimeSpan Lifetime)>> fetch, CancellationToken cancellationToken)
    {
        if (TryGetFresh(key) is { } cached) return cached;

        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (TryGetFresh(key) is { } again) return again;
            var (token, lifetime) = await fetch(cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var margin = lifetime > RefreshMargin * 2 ? RefreshMargin : lifetime / 2;
            _cache[key] = new CachedToken(token, now + lifetime - margin);
            PruneExpired(now);
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Drops <paramref name="rejectedToken"/> if it is still the cached one of <paramref name="key"/>; true when dropped.</summary>
    public bool Invalidate(string key, string rejectedToken) =>
        _cache.TryGetValue(key, out var entry) && entry.AccessToken == rejectedToken && _cache.TryRemove(new KeyValuePair<string, CachedToken>(key, entry));

    private string? TryGetFresh(string key) =>
        _cache.TryGetValue(key, out var entry) && time.GetUtcNow() < entry.RefreshAt ? entry.AccessToken : null;

    private void PruneExpired(DateTimeOffset now)
    {
        foreach (var (key, entry) in _cache)
        {
            if (entry.RefreshAt <= now) _cache.TryRemove(new KeyValuePair<string, CachedToken>(key, entry));
        }
    }

    private sealed record CachedToken(string AccessToken, DateTimeOffset RefreshAt);
}
