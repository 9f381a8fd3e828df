using Courier.Providers.Drive;

namespace Courier.Providers.Tests.Drive;

public sealed class DriveOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds() => Assert.True(new DriveOptionsValidator().Validate(null, new DriveOptions()).Succeeded);

    [Fact]
    public void Validate_BadValues_NamesEverySetting()
    {
        var result = new DriveOptionsValidator().Validate(null, new DriveOptions { BaseUrl = "", TokenUrl = "x", Timeout = TimeSpan.FromHours(1), PageSize = 1001 });

        Assert.Equal(
            [
                "Drive:BaseUrl must be an absolute http or https URL.",
                "Drive:TokenUrl must be an absolute http or https URL.",
                "Drive:Timeout must be between 00:00:01 and 00:10:00.",
                "Drive:PageSize must be between 1 and 1000.",
            ],
            result.Failures);
    }
}
