using Courier.Core.Jobs.Conversions;

namespace Courier.Core.Tests.Jobs.Conversions;

public sealed class GoogleAdsAccountTests
{
    [Fact]
    public void ToString_Always_ShowsIdsButNoSecret()
    {
        var account = new GoogleAdsAccount("111-222", "devtok-SECRET", "client-id", "clisec-SECRET", "1//refresh-SECRET", "customers/111/conversionActions/9", "999");

        var text = account.ToString();

        Assert.Contains("111-222", text);
        Assert.Contains("customers/111/conversionActions/9", text);
        Assert.DoesNotContain("SECRET", text);
        Assert.DoesNotContain("SECRET", $"{account}");
    }
}
