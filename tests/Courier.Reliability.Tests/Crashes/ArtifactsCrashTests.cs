using Courier.Reliability.Tests.Report;
using Courier.Reliability.Tests.Support;
using Courier.Reliability.Tests.Support.Scenarios;
using Courier.TestUtils.Azurite;
using Xunit.Abstractions;

namespace Courier.Reliability.Tests.Crashes;

/// <summary>Artifacts stopped at every storage write (blocks, commit, state): no request lost, one READY archive each.</summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ArtifactsCrashTests(ReliabilityReport report, AzuriteFixture azurite, ReliabilitySandbox sandbox, ITestOutputHelper output)
    : IClassFixture<ReliabilitySandbox>
{
    [Fact]
    public async Task Run_KilledAtEachCrashPoint_EveryItemEndsAndNoSideEffectHappensTwice()
    {
        var rows = await CrashCampaign.RunAllAsync(new ArtifactsScenario(sandbox, azurite) { ItemsPerRound = CrashPoints.Items(3) }, azurite, sandbox.Clock, output, report, CrashCampaign.StorageKinds);

        Assert.All(rows, row => CrashAssert.NoneLostNoneTwice(row, unknownAllowed: false));
    }
}
