using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Courier.Benchmarks.Support;

/// <summary>
/// Counts the HTTP requests Courier's provider clients send, as the innermost handler of every client the host's
/// <c>IHttpClientFactory</c> builds: each attempt on the wire counts (retries and token requests included), by request path.
/// </summary>
public sealed class ProviderCallCounter
{
    private readonly ConcurrentDictionary<string, long> _byPath = new(StringComparer.Ordinal);

    /// <summary>Adds the counting handler to every client of the factory (registered after the jobs, so it is the innermost one).</summary>
    public void Register(IServiceCollection services) =>
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(new Handler(this))));

    /// <summary>Requests so far whose path satisfies <paramref name="path"/>.</summary>
    public long Count(Func<string, bool> path) => _byPath.Where(p => path(p.Key)).Sum(p => p.Value);

    /// <summary>Requests so far, by path.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(_byPath, StringComparer.Ordinal);

    private sealed class Handler(ProviderCallCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter._byPath.AddOrUpdate(request.RequestUri?.AbsolutePath ?? "", 1, (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
