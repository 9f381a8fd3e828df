using Courier.Core.Runs;
using Courier.Hosting.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Courier.Standalone.Scheduling;

/// <summary>The standalone scheduler: validated options, its settings, the timer listeners and the status page's next-fire lookup.</summary>
public static class SchedulerServiceCollectionExtensions
{
    public static IServiceCollection AddStandaloneScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SchedulerOptions>>().Value;
            var instance = sp.GetRequiredService<IOptions<JobRunnerOptions>>().Value.InstanceId;
            return new SchedulerSettings(options.HostId, instance, options.LeaseDuration, options.AcquireRetryInterval, sp.GetRequiredService<TimerZone>().Zone);
        });
        services.AddSingleton<INextFireLookup, MonitorNextFireLookup>();

        if (configuration.GetValue(SchedulerOptions.Section + ":" + nameof(SchedulerOptions.Enabled), true))
        {
            services.AddSingleton<TimerScheduler>();
            services.AddHostedService(sp => sp.GetRequiredService<TimerScheduler>());
        }

        return services;
    }
}
