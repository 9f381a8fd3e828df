using System.Net;
using Courier.Providers.Http;
using Microsoft.Extensions.Configuration;
using Polly.Timeout;

namespace Courier.Providers.Tests.Http;

public sealed class ProviderHttpResilienceTests
{
    [Fact]
    public async Task AddProviderHttpClient_Get503TwiceThenOk_RetriedAndSucceeds()
    {
        var stub = new StubHandler((call, _) => call < 3 ? Status(HttpStatusCode.ServiceUnavailable) : Status(HttpStatusCode.OK));
        using var services = Build(stub);

        using var response = await Client(services).GetAsync("http://provider.test/items");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, stub.Calls);
    }

    [Fact]
    public async Task AddProviderHttpClient_Get503Always_GivesUpAfterTwoRetries()
    {
        var stub = new StubHandler((_, _) => Status(HttpStatusCode.ServiceUnavailable));
        using var services = Build(stub);

        using var response = await Client(services).GetAsync("http://provider.test/items");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(3, stub.Calls);
    }

    [Fact]
    public async Task AddProviderHttpClient_Get400_NotRetried()
    {
        var stub = new StubHandler((_, _) => Status(HttpStatusCode.BadRequest));
        using var services = Build(stub);

        using var response = await Client(services).GetAsync("http://provider.test/items");

        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task AddProviderHttpClient_Get503WithLongRetryAfter_NotRetriedInProcess()
    {
        var stub = new StubHandler((_, _) =>
        {
            var response = Status(HttpStatusCode.ServiceUnavailable);
            response.Headers.TryAddWithoutValidation("Retry-After", "3600");
            return response;
        });
        using var services = Build(stub);

        using var response = await Client(services).GetAsync("http://provider.test/items");

        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task AddProviderHttpClient_Post503_NotRetried()
    {
        var stub = new StubHandler((_, _) => Status(HttpStatusCode.ServiceUnavailable));
        using var services = Build(stub);

        using var response = await Client(services).PostAsync("http://provider.test/items", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task AddProviderHttpClient_PostMarkedRetrySafe503Once_RetriedWithSameBody()
    {
        var bodies = new List<string>();
        var stub = new StubHandler((call, request) =>
        {
            bodies.Add(request.Content!.ReadAsStringAsync().GetAwaiter().GetResult());
            return call == 1 ? Status(HttpStatusCode.ServiceUnavailable) : Status(HttpStatusCode.OK);
        });
        using var services = Build(stub);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://provider.test/token") { Content = new StringContent("a=1") };

        using var response = await Client(services).SendAsync(request.MarkRetrySafe());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["a=1", "a=1"], bodies);
    }

    [Fact]
    public async Task AddProviderHttpClient_PostConnectionRefused_RetriedBecauseNothingWasSent()
    {
        var stub = new StubHandler((call, _) => call == 1
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "refused")
            : Status(HttpStatusCode.OK));
        using var services = Build(stub);

        using var response = await Client(services).PostAsync("http://provider.test/items", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, stub.Calls);
    }

    [Fact]
    public async Task AddProviderHttpClient_PostResponseEnded_NotRetried()
    {
        var stub = new StubHandler((_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "reset"));
        using var services = Build(stub);

        await Assert.ThrowsAsync<HttpRequestException>(() => Client(services).PostAsync("http://provider.test/items", new StringContent("{}")));

        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task AddProviderHttpClient_PostSlowerThanAttemptTimeout_TimeoutRejectedAndNotRetried()
    {
        var stub = new StubHandler((_, _) => null);
        using var services = Build(stub, attemptTimeout: TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => Client(services).PostAsync("http://provider.test/items", new StringContent("{}")));

        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public void AddProviderHttpClient_TwoClients_ProviderHttpOptionsValidatorRegisteredOnce()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());

        collection.AddProviderHttpClient("a");
        collection.AddProviderHttpClient("b");

        Assert.Single(collection, d => d.ImplementationType == typeof(ProviderHttpOptionsValidator));
    }

    [Fact]
    public void AddProviderHttpClient_TypedClient_TransientWithItsOwnHttpClientEachResolution()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());

        collection.AddProviderHttpClient<ITypedClient, TypedClient>();

        Assert.Equal(ServiceLifetime.Transient, Assert.Single(collection, d => d.ServiceType == typeof(ITypedClient)).Lifetime);
        using var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var first = services.GetRequiredService<ITypedClient>();
        var second = services.GetRequiredService<ITypedClient>();
        Assert.NotSame(first.Http, second.Http);
    }

    private static HttpClient Client(ServiceProvider services) => services.GetRequiredService<IHttpClientFactory>().CreateClient("test");

    private static HttpResponseMessage Status(HttpStatusCode status) => new(status);

    private static ServiceProvider Build(StubHandler stub, TimeSpan? attemptTimeout = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ProviderHttp:RetryBaseDelay"] = "00:00:00" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddProviderHttpClient("test", _ => attemptTimeout).ConfigurePrimaryHttpMessageHandler(() => stub);
        return services.BuildServiceProvider();
    }

    private interface ITypedClient
    {
        HttpClient Http { get; }
    }

    private sealed class TypedClient(HttpClient http) : ITypedClient
    {
        public HttpClient Http => http;
    }

    /// <summary>Answers from a function of (call number, request); a null answer never completes until cancelled.</summary>
    private sealed class StubHandler(Func<int, HttpRequestMessage, HttpResponseMessage?> respond) : HttpMessageHandler
    {
        private int calls;

        public int Calls => calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var answer = respond(Interlocked.Increment(ref calls), request);
            if (answer is null)
            {
                await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
            }

            answer!.RequestMessage = request;
            return answer;
        }
    }
}
