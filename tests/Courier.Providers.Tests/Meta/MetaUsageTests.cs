using Courier.Providers.Meta;

namespace Courier.Providers.Tests.Meta;

public sealed class MetaUsageTests
{
    [Fact]
    public void From_NoHeaders_None()
    {
        using var response = new HttpResponseMessage();

        Assert.Same(MetaUsage.None, MetaUsage.From(response.Headers));
    }

    [Fact]
    public void From_AppPageAndBuc_HighestCounterAndLongestRegain()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("X-App-Usage", """{"call_count":28,"total_cputime":25,"total_time":25}""");
        response.Headers.TryAddWithoutValidation("X-Page-Usage", """{"call_count":40,"total_cputime":61.5,"total_time":2}""");
        response.Headers.TryAddWithoutValidation("X-Business-Use-Case-Usage",
            """{"1010":[{"type":"pages","call_count":12,"total_cputime":3,"total_time":4,"estimated_time_to_regain_access":0}],"1784":[{"type":"instagram","call_count":5,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":9}]}""");

        var usage = MetaUsage.From(response.Headers);

        Assert.Equal(new MetaUsage(62, TimeSpan.FromMinutes(9)), usage);
    }

    [Fact]
    public void From_UnreadableHeader_Ignored()
    {
        using var response = new HttpResponseMessage();
        response.Headers.TryAddWithoutValidation("X-App-Usage", "not json");

        Assert.Same(MetaUsage.None, MetaUsage.From(response.Headers));
    }
}
