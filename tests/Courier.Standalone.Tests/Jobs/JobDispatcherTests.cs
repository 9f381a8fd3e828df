using System.Diagnostics.Metrics;
using Courier.Core.Runs;
using Courier.Hosting.Catalog;
using Courier.Hosting.Jobs;
using Courier.Hosting.Observability;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Jobs;

public sealed class JobDispatcherTests
{
    [Fact]
    public async Task RunAsync_BuiltJob_RunsThroughTheRunnerAndRecordsDurationAndItems()
    {
        await using var host = await CourierTestHost.StartAsync(services: s => EchoJobs.Add(s, RecoveryJob.Name));
        var measured = new List<(string Instrument, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == CourierTelemetry.Name) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((i, v, _, _) => { lock (measured) measured.Add((i.Name, v)); });
        listener.SetMeasurementEventCallback<long>((i, v, _, _) => { lock (measured) measured.Add((i.Name, v)); });
        listener.Start();

        var result = await host.Services.GetRequiredService<IJobDispatcher>().RunAsync(RecoveryJob.Name, RunTrigger.Timer, null, default);

        Assert.Equal(RunStatus.Completed, result.Run!.Status);
        Assert.Contains(measured, m => m.Instrument == "courier.run.duration");
        Assert.Contains(measured, m => m.Instrument == "courier.run.items");
        Assert.NotNull(await host.Services.GetRequiredService<IRunStore>().GetAsync(RecoveryJob.Name, result.Run.RunId, default));
    }

    [Fact]
    public async Task RunAsync_JobNotBuilt_ReturnsNotBuiltAndRecordsNoRun()
    {
        await using var host = await CourierTestHost.StartAsync();

        var result = await host.Services.GetRequiredService<IJobDispatcher>().RunAsync(SocialJob.Name, RunTrigger.Timer, null, default);

        Assert.False(result.Built);
        Assert.Empty(await host.Services.GetRequiredService<IRunStore>().ListRecentAsync(SocialJob.Name, 5, default));
    }
}
