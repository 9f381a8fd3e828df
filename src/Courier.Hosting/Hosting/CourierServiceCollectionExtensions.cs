using System.Text.Json;
using System.Text.Json.Serialization;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Hosting.Catalog;
using Courier.Hosting.Circuits;
using Courier.Hosting.Http;
using Courier.Hosting.Jobs;
using Courier.Hosting.Jobs.Artifacts;
using Courier.Hosting.Jobs.Conversions;
using Courier.Hosting.Jobs.PartnerDelivery;
using Courier.Hosting.Jobs.Recovery;
using Courier.Hosting.Jobs.WriteBack;
using Courier.Hosting.Jobs.Social;
using Courier.Hosting.Observability;
using Courier.Hosting.Queues;
using Courier.Hosting.Status;
using Courier.Hosting.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Hosting;

/// <summary>What both hosts share: options, the runner and dispatcher, every job, the HTTP gate and handlers, status and telemetry.</summary>
public static class CourierServiceCollectionExtensions
{
    /// <summary>
    /// Registers everything but storage (<c>AddCourierStorage</c>), the jobs (<see cref="AddCourierJobs"/>) and what only one host has (the standalone scheduler; the
    /// worker's client-address and host-key policies). <paramref name="mode"/> names the host in the status report.
    /// </summary>
    public static IServiceCollection AddCourierHosting(this IServiceCollection services, IConfiguration configuration, string mode)
    {
        services.AddSingleton(new HostInfo(mode));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FunctionSettings>();
        services.AddSingleton(TimerZone.From(configuration));
        services.AddSingleton<LogRedactor>();
        services.AddSingleton<RequestLog>();

        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddOptions<StatusOptions>().BindConfiguration(StatusOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StatusOptions>, StatusOptionsValidator>();
        services.AddOptions<ScheduleOptions>()
            .Configure<FunctionSettings>((o, functions) =>
            {
                o.ZoneId = TimerZone.ConfiguredId(configuration);
                foreach (var timer in JobCatalog.Timers) o.Schedules[timer.Name] = functions.ScheduleOf(timer);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScheduleOptions>, ScheduleSettingsValidator>();
        services.AddOptions<JobRunnerOptions>().BindConfiguration("Runs").ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobRunnerOptions>, JobRunnerOptionsValidator>();

        services.AddSingleton(sp => new JobRunner(
            sp.GetRequiredService<IRunStore>(),
            sp.GetRequiredService<IRunLeaseStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<JobRunnerOptions>>().Value,
            sp.GetRequiredService<ILogger<JobRunner>>()));
        services.TryAddSingleton<WorkQueue>();
        services.AddSingleton<IJobDispatcher, JobDispatcher>();
        services.AddSingleton<TimerFunctionRunner>();

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.TryAddSingleton<IClientAddressResolver, SocketClientAddressResolver>();
        services.TryAddSingleton(HostKeyPolicy.RequireSecret);
        services.AddSingleton<HttpFunctionGate>();
        services.AddSingleton<TwinHandler>();
        services.AddSingleton<QueueHandlers>();
        services.AddCourierCircuits();
        services.AddSingleton<StatusActions>();
        services.AddSingleton<StatusHandlers>();
        services.AddSingleton<HttpFunctionHandlers>();
        services.AddSingleton<StatusService>();
        services.AddSingleton<StatusSessionCookie>();
        services.AddCourierTelemetry(configuration);
        services.AddHostedService<StartupCheck>();
        return services;
    }

    /// <summary>Every built job, one <c>Add&lt;Job&gt;()</c> each; both hosts call this once. A job not listed here answers 501.</summary>
    public static IServiceCollection AddCourierJobs(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddRecovery()
            .AddArtifacts()
            .AddConversions(configuration)
            .AddWriteBack(configuration)
            .AddSocial(configuration)
            .AddPartnerDelivery(configuration);

    /// <summary>Keeps ASP.NET Core's request-line log (which would carry <c>?secret=</c>) out; <see cref="RequestLog"/> writes a redacted line instead.</summary>
    public static ILoggingBuilder AddCourierLogging(this ILoggingBuilder logging)
    {
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        return logging;
    }
}
