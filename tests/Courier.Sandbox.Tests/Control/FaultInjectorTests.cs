using Courier.Sandbox.Control;

namespace Courier.Sandbox.Tests.Control;

public sealed class FaultInjectorTests
{
    private readonly FaultInjector faults = NewInjector();

    [Fact]
    public void Next_CountRule_FiresForNextNCallsThenNever()
    {
        faults.Add(new FaultSpec { Route = "ads.upload", Status = 503, Count = 2 });

        var fired = Enumerable.Range(0, 4).Select(_ => faults.Next("ads.upload") is not null).ToList();

        Assert.Equal([true, true, false, false], fired);
        Assert.Empty(faults.List());
    }

    [Fact]
    public void Next_OtherRoute_DoesNotFire()
    {
        faults.Add(new FaultSpec { Route = "ads.upload" });

        Assert.Null(faults.Next("oauth.token"));
    }

    [Fact]
    public void Next_RateWithSeed_SamePatternEveryTime()
    {
        var other = NewInjector();
        faults.Add(new FaultSpec { Route = "ads.upload", Rate = 0.5, Seed = 7 });
        other.Add(new FaultSpec { Route = "ads.upload", Rate = 0.5, Seed = 7 });

        var first = Enumerable.Range(0, 50).Select(_ => faults.Next("ads.upload") is not null).ToList();
        var second = Enumerable.Range(0, 50).Select(_ => other.Next("ads.upload") is not null).ToList();

        Assert.Equal(first, second);
        Assert.Contains(true, first);
        Assert.Contains(false, first);
    }

    [Fact]
    public void Next_RateZero_NeverFires()
    {
        faults.Add(new FaultSpec { Route = "ads.upload", Rate = 0 });

        Assert.All(Enumerable.Range(0, 20), _ => Assert.Null(faults.Next("ads.upload")));
    }

    [Fact]
    public void Next_StatusRuleWithoutBody_UsesRouteDefaultBody()
    {
        faults.Add(new FaultSpec { Route = "ads.upload", Status = 429 });

        var fault = faults.Next("ads.upload");

        Assert.Equal("status:429", fault!.Label);
        Assert.True(fault.ShortCircuits);
        Assert.False(fault.ReplacesResponse);
    }

    [Fact]
    public void Next_AfterPhaseTimeout_ReplacesResponseButDoesNotShortCircuit()
    {
        faults.Add(new FaultSpec { Route = "ads.upload", Kind = FaultKind.Timeout, Phase = FaultPhase.After });

        var fault = faults.Next("ads.upload");

        Assert.False(fault!.ShortCircuits);
        Assert.True(fault.ReplacesResponse);
    }

    [Fact]
    public void Add_UnknownRoute_ThrowsNamingKnownRoutes()
    {
        var e = Assert.Throws<ArgumentException>(() => faults.Add(new FaultSpec { Route = "ads.uplaod" }));

        Assert.Contains("ads.upload", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, null, 503)]
    [InlineData(null, 1.5, 503)]
    [InlineData(null, null, 42)]
    public void Add_InvalidSpec_Throws(int? count, double? rate, int status)
    {
        Assert.Throws<ArgumentException>(() => faults.Add(new FaultSpec { Route = "ads.upload", Count = count, Rate = rate, Status = status }));
    }

    [Fact]
    public void Add_LatencyWithoutDelay_Throws()
    {
        Assert.Throws<ArgumentException>(() => faults.Add(new FaultSpec { Route = "ads.upload", Kind = FaultKind.Latency }));
    }

    [Fact]
    public void Clear_OneRoute_KeepsOtherRoutesRules()
    {
        faults.Add(new FaultSpec { Route = "ads.upload" });
        faults.Add(new FaultSpec { Route = "oauth.token" });

        var removed = faults.Clear("ads.upload");

        Assert.Equal(1, removed);
        Assert.Null(faults.Next("ads.upload"));
        Assert.NotNull(faults.Next("oauth.token"));
    }

    private static FaultInjector NewInjector()
    {
        var injector = new FaultInjector(TimeProvider.System);
        injector.RegisterRoute("ads.upload", _ => null);
        injector.RegisterRoute("oauth.token", _ => null);
        return injector;
    }
}
