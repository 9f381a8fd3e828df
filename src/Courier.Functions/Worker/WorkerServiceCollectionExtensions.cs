using Courier.Hosting.Hosting;
using Courier.Hosting.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Courier.Functions.Worker;

/// <summary>The worker's wiring: the shared Courier services, plus what is true only behind the Functions host.</summary>
public static class WorkerServiceCollectionExtensions
{
    /// <summary>The host's name for this mode in the status report.</summary>
    public const string Mode = "functions";

    public static IServiceCollection AddCourierWorker(this IServiceCollection services, IConfiguration configuration)
    {
        // Behind the host every request comes from loopback; the client is in X-Forwarded-For.
        services.AddSingleton<IClientAddressResolver, ForwardedClientAddressResolver>();
        // Function keys exist only here: Http__RequireSecret=false trusts them for the twins published at function level.
        services.AddSingleton(new HostKeyPolicy(TrustHostKeys: !configuration.GetValue(HttpOptions.Section + ":" + nameof(HttpOptions.RequireSecret), true)));
        services.AddSingleton<WorkerHttp>();
        services.AddCourierHosting(configuration, Mode);
        return services;
    }

    /// <summary>The worker's logging: Courier's redaction rules.</summary>
    public static ILoggingBuilder AddCourierWorkerLogging(this ILoggingBuilder logging) => logging.AddCourierLogging();
}
