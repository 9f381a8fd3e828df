using System.Text.Json;
using System.Text.Json.Serialization;
using Courier.Core.Queue;
using Courier.Core.Runs;
using Courier.Functions.Catalog;
using Courier.Functions.Handler;
using Courier.Functions.Http;
using Courier.Functions.Jobs;
using Courier.Functions.Observability;
using Courier.Functions.Scheduling;
using Courier.Functions.Status;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Functions.Hosting;

/// <summary>The host's own services: options, the runner, the dispatcher, HTTP rules, status, telemetry and (standalone) the scheduler.</summary>
public static class CourierServiceCollectionExtensions
{
    /// <summary>Registers everything the host needs except storage and jobs, which Program adds (<c>AddCourierStorage</c>, <c>AddRecovery</c>…).</summary>
    public static IServiceCollection AddCourierHost(this IServiceCollection services, IConfiguration configuration, HostingMode mode)
    {
        services.AddSingleton(mode);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FunctionSettings>();
        services.AddSingleton<LogRedactor>();

        services.AddOptions<HttpOptions>().BindConfiguration(HttpOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HttpOptions>, HttpOptionsValidator>();
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
        services.AddOptions<StatusOptions>().BindConfiguration(StatusOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StatusOptions>, StatusOptionsValidator>();
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
        services.AddSingleton(sp => CreateSchedulerSettings(sp, configuration));

        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.AddTwinRateLimiting();
        services.AddSingleton<StatusService>();
        services.AddSingleton<StatusSessionCookie>();
        services.AddCourierTelemetry(configuration);

        if (!mode.UnderFunctionsHost && configuration.GetValue(SchedulerOptions.Section + ":" + nameof(SchedulerOptions.Enabled), true))
        {
            services.AddSingleton<TimerScheduler>();
            services.AddHostedService(sp => sp.GetRequiredService<TimerScheduler>());
        }

        return services;
    }

    /// <summary>Adds the redacted request log in place of ASP.NET Core's request-line log, and the run-log capture of custom-handler replies.</summary>
    public static ILoggingBuilder AddCourierLogging(this ILoggingBuilder logging)
    {
        // Its "Request starting … ?secret=…" lines cannot be redacted; RequestLogMiddleware logs a redacted line instead.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        logging.AddProvider(new RunLogCapture());
        return logging;
    }

    private static SchedulerSettings CreateSchedulerSettings(IServiceProvider services, IConfiguration configuration)
    {
        var options = services.GetRequiredService<IOptions<SchedulerOptions>>().Value;
        var instance = services.GetRequiredService<IOptions<JobRunnerOptions>>().Value.InstanceId;
        var zoneId = SchedulerOptionsValidator.ZoneId(options, configuration);
        var zone = zoneId is null ? TimeZoneInfo.Utc : CronSchedule.FindZone(zoneId) ?? TimeZoneInfo.Utc;
        return new SchedulerSettings(options.HostId, instance, options.LeaseDuration, options.AcquireRetryInterval, zone);
    }
}
