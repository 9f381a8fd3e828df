using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Support;
using Courier.Reliability.Tests.Support.Scenarios;
using Courier.TestUtils.Azurite;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Crashes;

/// <summary>Social stopped at storage writes and Meta calls (before sent, after it took effect), restarted, recovered: no post lost, none published twice.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class SocialCrashTests(ReliabilityReport report, AzuriteFixture azurite, ReliabilitySandbox sandbox, ITestOutputHelper output)
    : IClassFixture<ReliabilitySandbox>
{
    [Fact]
    public async Task Run_KilledAtEachCrashPoint_EveryItemEndsAndNoSideEffectHappensTwice()
    {
        var rows = await CrashCampaign.RunAllAsync(new SocialScenario(sandbox, azurite) { ItemsPerRound = CrashPoints.Items(4) }, azurite, sandbox.Clock, output, report, CrashCampaign.AllKinds);

        Assert.All(rows, row => CrashAssert.NoneLostNoneTwice(row, unknownAllowed: true));
    }
}
