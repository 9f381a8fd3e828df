using System.Diagnostics;
using System.Net;
using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Support;
using Courier.Reliability.Tests.Support.Scenarios;
using Courier.TestUtils.Hosts;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Concurrency;

/// <summary>
/// Two standalone processes on one Azurite and one sandbox, timers off, both calling the conversions and social twins at the
/// same time over the same items until every item has ended: each orderId accepted once, each post published once.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class TwoProcessConcurrencyTests(ReliabilityReport report, ProcessRig rig, ITestOutputHelper output) : IClassFixture<ProcessRig>
{
    private const int Rounds = 6;

    [Fact]
    public async Task TwinsCalledOnBothProcessesAtOnce_EveryItemIsProcessedExactlyOnce()
    {
        var clock = Stopwatch.StartNew();
        var conversions = new ConversionsScenario(rig.Sandbox, rig.Azurite) { TablePrefix = rig.TablePrefix };
        var social = new SocialScenario(rig.Sandbox, rig.Azurite) { TablePrefix = rig.TablePrefix };
        var settings = conversions.Settings();
        foreach (var (key, value) in social.Settings()) settings[key] = value;
        var started = await Task.WhenAll(rig.StartAsync("instance-a", settings), rig.StartAsync("instance-b", settings));
        await using var a = started[0];
        await using var b = started[1];
        var callsA = new CourierCalls(a.Client);
        var callsB = new CourierCalls(b.Client);

        var sales = Enumerable.Range(0, CrashPoints.Items(10)).Select(i => $"both-{i:D3}").ToList();
        var contents = Enumerable.Range(0, CrashPoints.Items(6)).Select(i => social.Content(0, i)).ToList();
        await conversions.SeedCredentialsAsync(callsA);
        await social.ConnectAsync(callsA);
        var now = DateTimeOffset.UtcNow + rig.Sandbox.Clock.Offset;
        // Producers call either instance: every other item goes through B.
        for (var i = 0; i < sales.Count; i++) await conversions.EnqueueAsync(i % 2 == 0 ? callsA : callsB, sales[i]);
        for (var i = 0; i < contents.Count; i++) await social.EnqueueAsync(i % 2 == 0 ? callsA : callsB, contents[i], now);

        var refused = 0;
        for (var round = 0; round < Rounds; round++)
        {
            if ((await conversions.CheckSalesAsync(sales)).AllEnded && (await social.CheckPostsAsync(contents)).AllEnded) break;
            var answers = await Task.WhenAll(
                callsA.SendAsync(HttpMethod.Post, conversions.TwinPath, conversions.TwinSecret), callsB.SendAsync(HttpMethod.Post, conversions.TwinPath, conversions.TwinSecret),
                callsA.SendAsync(HttpMethod.Post, social.TwinPath, social.TwinSecret), callsB.SendAsync(HttpMethod.Post, social.TwinPath, social.TwinSecret));
            foreach (var answer in answers)
            {
                // One of two runs of a job started together may find the job held by the other (409 run_in_progress).
                if (answer.Status == HttpStatusCode.Conflict) refused++;
                else Assert.True(answer.Status == HttpStatusCode.OK, $"twin: {answer}\n{a.Tail()}\n{b.Tail()}");
            }
        }

        var rows = new[] { Row("conversions", await conversions.CheckSalesAsync(sales)), Row("social", await social.CheckPostsAsync(contents)) };
        foreach (var row in rows)
        {
            report.Record(row);
            output.WriteLine($"{row.Job}: {row.Items} items, once {row.ProcessedOnce}, twice {row.ProcessedTwice}, lost {row.Lost}");
        }

        output.WriteLine($"{refused} twin calls answered 409; {clock.Elapsed.TotalSeconds:F1} s");
        Assert.All(rows, row => Assert.True(row.ProcessedTwice == 0 && row.Lost == 0 && row.ProcessedOnce == row.Items, $"{row.Job}: {row}"));
    }

    private static ConcurrencyRow Row(string job, RoundOutcome outcome) =>
        new(job, "2 standalone processes, twins called on both at once, timers off", outcome.Items, outcome.Items - outcome.Lost - outcome.Duplicated, outcome.Duplicated, outcome.Lost);
}
