using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Support;
using Courier.Reliability.Tests.Support.Scenarios;
using Courier.TestUtils.Azurite;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Crashes;

/// <summary>Recovery stopped at each of its storage writes (before sent, after it took effect) over rows of three queues stuck in Processing, then run again: every stuck row comes back, none twice.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class RecoveryCrashTests(ReliabilityReport report, AzuriteFixture azurite, ReliabilitySandbox sandbox, ITestOutputHelper output)
    : IClassFixture<ReliabilitySandbox>
{
    [Fact]
    public async Task Run_KilledAtEachStorageWrite_EveryStuckRowComesBackOnce()
    {
        var rows = await CrashCampaign.RunAllAsync(new RecoveryScenario(sandbox, azurite) { ItemsPerRound = CrashPoints.Items(2) }, azurite, sandbox.Clock, output, report, CrashCampaign.StorageKinds);

        Assert.All(rows, row => CrashAssert.NoneLostNoneTwice(row, unknownAllowed: false));
    }
}
