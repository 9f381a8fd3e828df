using Courier.Hosting.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Courier.Hosting.Observability;

/// <summary>Refreshes the queue-depth and circuit-state gauges every few minutes while telemetry is exported.</summary>
public sealed partial class TelemetrySampler(IServiceProvider services, TimeProvider time, ILogger<TelemetrySampler> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var status = services.GetRequiredService<StatusService>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await status.BuildAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false); // waits on the injected TimeProvider
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false); // waits on the injected TimeProvider
            }
        }
    }

    [LoggerMessage(EventId = 4000, EventName = "telemetry_sample_failed", Level = LogLevel.Warning, Message = "Could not sample queue depths and circuit states")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
