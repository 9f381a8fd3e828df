using System.Net;
using Courier.Providers.Errors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace Courier.Providers.Http;

/// <summary>
/// The one place HTTP resilience is configured for every provider client: a total timeout, a per-attempt timeout, and a
/// small retry (exponential backoff with jitter, honouring a short Retry-After) for failures that are safe to repeat.
/// </summary>
/// <remarks>
/// POSTs are not retried here unless the request is marked with <see cref="MarkRetrySafe"/>: a POST that reached the provider
/// may have taken effect, and the jobs retry through their queue anyway, where backoff, circuits and Unknown outcomes live.
/// A connection that never opened is retried for any method, since nothing was sent.
/// </remarks>
public static class ProviderHttpResilience
{
    public const string PipelineName = "courier-provider";

    private static readonly HttpRequestOptionsKey<bool> RetrySafeKey = new("Courier.RetrySafe");

    /// <summary>Registers a typed provider client with the shared resilience pipeline.</summary>
    /// <remarks>
    /// The typed client is transient, with an HttpClient from the factory each time. Only transient or scoped services may take
    /// it: a singleton would hold one handler forever, past its rotation, and miss DNS changes. A singleton uses the named
    /// overload and creates a client per call from <see cref="IHttpClientFactory"/>.
    /// </remarks>
    /// <param name="attemptTimeout">The provider's own per-attempt timeout (from its options), or null for <see cref="ProviderHttpOptions.AttemptTimeout"/>.</param>
    public static IHttpClientBuilder AddProviderHttpClient<TClient, TImplementation>(
        this IServiceCollection services, Func<IServiceProvider, TimeSpan?>? attemptTimeout = null)
        where TClient : class
        where TImplementation : class, TClient =>
        services.AddHttpClient<TClient, TImplementation>().AddCourierProviderResilience(attemptTimeout);

    /// <summary>Registers a named provider client (for singletons that use IHttpClientFactory) with the shared resilience pipeline.</summary>
    public static IHttpClientBuilder AddProviderHttpClient(
        this IServiceCollection services, string name, Func<IServiceProvider, TimeSpan?>? attemptTimeout = null) =>
        services.AddHttpClient(name).AddCourierProviderResilience(attemptTimeout);

    /// <summary>Adds the shared pipeline to any HttpClient registration, and the validated <see cref="ProviderHttpOptions"/>.</summary>
    public static IHttpClientBuilder AddCourierProviderResilience(this IHttpClientBuilder builder, Func<IServiceProvider, TimeSpan?>? attemptTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddProviderHttpOptions(builder.Services);

        // The pipeline's total timeout is the limit; HttpClient's own 100 s default would otherwise race it with a clock we do not control.
        builder.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);

        // The factory's default request loggers redact header values in the message text but keep them raw in the structured
        // state (seen in tests at Trace level), which a structured sink would export: Bearer tokens, developer tokens, API keys.
        // Clients log their own named events instead.
        builder.RemoveAllLoggers();

        builder.AddResilienceHandler(PipelineName, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<ProviderHttpOptions>>().Value;
            var perAttempt = attemptTimeout?.Invoke(context.ServiceProvider) ?? options.AttemptTimeout;
            var time = context.ServiceProvider.GetService<TimeProvider>() ?? TimeProvider.System;
            pipeline.TimeProvider = time;

            pipeline.AddTimeout(new HttpTimeoutStrategyOptions
            {
                Name = "total",
                Timeout = perAttempt > options.TotalTimeout ? perAttempt : options.TotalTimeout,
            });
            if (options.MaxRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, options.MaxRetryAfter, time)),
                });
            }

            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = perAttempt });
        });
        return builder;
    }

    /// <summary>Marks a non-GET request as safe to repeat (for example an OAuth refresh), so the pipeline may retry it.</summary>
    public static HttpRequestMessage MarkRetrySafe(this HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Options.Set(RetrySafeKey, true);
        return request;
    }

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeSpan maxRetryAfter, TimeProvider time)
    {
        if (outcome.Exception is { } exception && ProviderErrorClassifier.NeverSent(exception))
        {
            return true;
        }

        var request = outcome.Result?.RequestMessage ?? context.GetRequestMessage();
        if (request is null || !IsRetrySafe(request))
        {
            return false;
        }

        if (outcome.Exception is HttpRequestException or TimeoutRejectedException)
        {
            return true;
        }

        if (outcome.Result is not { } response || response.StatusCode is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout))
        {
            return false;
        }

        // A long Retry-After is the job's business (it reschedules the item); holding a worker that long would eat the run's budget.
        return ProviderErrorClassifier.RetryAfter(response.Headers, time) is not { } wait || wait <= maxRetryAfter;
    }

    private static bool IsRetrySafe(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get
        || request.Method == HttpMethod.Head
        || request.Method == HttpMethod.Options
        || (request.Options.TryGetValue(RetrySafeKey, out var safe) && safe);

    private static void AddProviderHttpOptions(IServiceCollection services)
    {
        // Every provider client calls this; bind once.
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<ProviderHttpOptions>) && d.ImplementationType == typeof(ProviderHttpOptionsValidator)))
        {
            return;
        }

        services.AddOptions<ProviderHttpOptions>().BindConfiguration(ProviderHttpOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ProviderHttpOptions>, ProviderHttpOptionsValidator>();
    }
}
