using System.Diagnostics;
using System.Globalization;
using Courier.TestUtils.Hosts;

namespace Courier.Benchmarks.Support;

/// <summary>Runs a job's twin until it has processed a known number of items: the runs it took and the time.</summary>
public static class Drain
{
    public readonly record struct Result(int Runs, int Processed, TimeSpan Elapsed);

    /// <summary>Conversions: <c>POST /api/cron/process-offline-conversions?limit=</c> until <paramref name="items"/> are done; every one must complete.</summary>
    public static async Task<Result> ConversionsAsync(BenchCourier courier, int items, int limit = 2000)
    {
        var clock = Stopwatch.StartNew();
        var (runs, processed) = (0, 0);
        while (processed < items)
        {
            var report = (await courier.SendAsync(HttpMethod.Post, BenchCourier.ConversionsTwin + "?limit=" + limit.ToString(CultureInfo.InvariantCulture), TestSecrets.Cron, null)).Ok("conversions twin").Json;
            var done = report.GetProperty("processed").GetInt32();
            var completed = report.GetProperty("completed").GetInt32();
            if (completed != done) throw new InvalidOperationException($"conversions run {runs + 1}: {completed} of {done} completed: {report}");
            runs++;
            processed += done;
            if (done == 0) throw new InvalidOperationException($"conversions: a run processed nothing with {items - processed} items left");
        }

        return new Result(runs, processed, clock.Elapsed);
    }

    /// <summary>Write-back: <c>POST /api/sync/write-back</c> until <paramref name="items"/> are processed; none may fail.</summary>
    public static async Task<Result> WriteBackAsync(BenchCourier courier, int items)
    {
        var clock = Stopwatch.StartNew();
        var (runs, processed) = (0, 0);
        while (processed < items)
        {
            var result = (await courier.SendAsync(HttpMethod.Post, BenchCourier.WriteBackTwin, TestSecrets.Cron, null)).Ok("write-back twin").Json.GetProperty("result");
            var done = result.GetProperty("processed").GetInt32();
            if (result.GetProperty("failed").GetInt32() != 0) throw new InvalidOperationException($"write-back run {runs + 1} failed items: {result}");
            runs++;
            processed += done;
            if (done == 0) throw new InvalidOperationException($"write-back: a run processed nothing with {items - processed} items left");
        }

        return new Result(runs, processed, clock.Elapsed);
    }
}
