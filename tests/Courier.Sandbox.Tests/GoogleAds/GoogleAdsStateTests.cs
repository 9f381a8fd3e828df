using Courier.Sandbox.GoogleAds;
using Microsoft.Extensions.Options;

namespace Courier.Sandbox.Tests.GoogleAds;

public sealed class GoogleAdsStateTests
{
    [Fact]
    public void IsSunset_ConfiguredLists_OnlyThoseVersions()
    {
        var state = new GoogleAdsState(Options.Create(new GoogleAdsSandboxOptions { SunsetVersions = "v26", RetiredVersions = "v10-v12" }));

        Assert.True(state.IsSunset(26));
        Assert.False(state.IsSunset(21));
        Assert.True(state.IsRetired(11));
        Assert.False(state.IsRetired(18));
    }

    [Fact]
    public void Reset_AfterSetVersions_BackToSettings()
    {
        var state = new GoogleAdsState(Options.Create(new GoogleAdsSandboxOptions()));
        state.SetVersions("v26", retiredVersions: null);

        state.Reset();

        Assert.False(state.IsSunset(26));
        Assert.True(state.IsSunset(21));
        Assert.True(state.IsRetired(18));
    }

    [Fact]
    public void NextJobId_First_AboveInt32AndDouble53BitRange()
    {
        var state = new GoogleAdsState(Options.Create(new GoogleAdsSandboxOptions()));

        var id = state.NextJobId();

        Assert.True(id > (1L << 53));
        Assert.Equal(id + 1, state.NextJobId());
    }
}
