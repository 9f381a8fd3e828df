using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Support;
using Courier.Reliability.Tests.Support.Scenarios;
using Courier.TestUtils.Azurite;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Crashes;

/// <summary>Partner delivery stopped at storage writes (its ledger) and Airtable/Drive calls: every ready record ends Delivered or Error, no file copied twice.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class PartnerDeliveryCrashTests(ReliabilityReport report, AzuriteFixture azurite, ReliabilitySandbox sandbox, ITestOutputHelper output)
    : IClassFixture<ReliabilitySandbox>
{
    [Fact]
    public async Task Run_KilledAtEachCrashPoint_EveryItemEndsAndNoSideEffectHappensTwice()
    {
        var rows = await CrashCampaign.RunAllAsync(new PartnerDeliveryScenario(sandbox, azurite) { ItemsPerRound = CrashPoints.Items(3) }, azurite, sandbox.Clock, output, report, CrashCampaign.AllKinds);

        Assert.All(rows, row => CrashAssert.NoneLostNoneTwice(row, unknownAllowed: false));
    }
}
