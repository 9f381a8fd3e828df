using Courier.Providers.Meta;

namespace Courier.Providers.Tests.Meta;

public sealed class MetaOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new MetaOptionsValidator().Validate(null, new MetaOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadValues_ExactMessages()
    {
        var result = new MetaOptionsValidator().Validate(null, new MetaOptions { BaseUrl = "graph", ApiVersion = "25", Timeout = TimeSpan.Zero });

        Assert.Equal(
            ["Meta:BaseUrl must be an absolute http or https URL.", "Meta:ApiVersion must look like v25.0.", "Meta:Timeout must be between 00:00:01 and 00:05:00."],
            result.Failures);
    }
}
