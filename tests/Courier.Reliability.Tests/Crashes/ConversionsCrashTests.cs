using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Support;
using Courier.Reliability.Tests.Support.Scenarios;
using Courier.TestUtils.Azurite;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Crashes;

/// <summary>Offline conversions stopped at storage writes and Google Ads calls (before sent, after it took effect), restarted, recovered: no sale lost, no orderId accepted twice.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ConversionsCrashTests(ReliabilityReport report, AzuriteFixture azurite, ReliabilitySandbox sandbox, ITestOutputHelper output)
    : IClassFixture<ReliabilitySandbox>
{
    [Fact]
    public async Task Run_KilledAtEachCrashPoint_EveryItemEndsAndNoSideEffectHappensTwice()
    {
        var rows = await CrashCampaign.RunAllAsync(new ConversionsScenario(sandbox, azurite) { ItemsPerRound = CrashPoints.Items(3) }, azurite, sandbox.Clock, output, report, CrashCampaign.AllKinds);

        Assert.All(rows, row => CrashAssert.NoneLostNoneTwice(row, unknownAllowed: true));
    }
}
