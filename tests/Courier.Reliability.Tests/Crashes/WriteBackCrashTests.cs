using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Support;
using Courier.Reliability.Tests.Support.Scenarios;
using Courier.TestUtils.Azurite;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Crashes;

/// <summary>Write-back stopped at storage writes and Sheets calls (a crash between append and storing the row index included): no change lost, no record with two rows.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class WriteBackCrashTests(ReliabilityReport report, AzuriteFixture azurite, ReliabilitySandbox sandbox, ITestOutputHelper output)
    : IClassFixture<ReliabilitySandbox>
{
    [Fact]
    public async Task Run_KilledAtEachCrashPoint_EveryItemEndsAndNoSideEffectHappensTwice()
    {
        var rows = await CrashCampaign.RunAllAsync(new WriteBackScenario(sandbox, azurite) { ItemsPerRound = CrashPoints.Items(3) }, azurite, sandbox.Clock, output, report, CrashCampaign.AllKinds);

        Assert.All(rows, row => CrashAssert.NoneLostNoneTwice(row, unknownAllowed: false));
    }
}
