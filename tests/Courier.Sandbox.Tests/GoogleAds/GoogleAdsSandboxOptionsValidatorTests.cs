using Courier.Sandbox.GoogleAds;
using Microsoft.Extensions.Options;

namespace Courier.Sandbox.Tests.GoogleAds;

public sealed class GoogleAdsSandboxOptionsValidatorTests
{
    private readonly GoogleAdsSandboxOptionsValidator validator = new();

    [Fact]
    public void Validate_Defaults_SucceedWithSunsetV19ToV22()
    {
        var options = new GoogleAdsSandboxOptions();

        Assert.True(validator.Validate(null, options).Succeeded);
        Assert.Equal("v19,v20,v21,v22", options.SunsetVersions);
    }

    [Fact]
    public void Validate_BadItems_ExactMessages()
    {
        var result = validator.Validate(null, new GoogleAdsSandboxOptions { SunsetVersions = "v21,22", RetiredVersions = "v18-v3" });

        Assert.Equal(
            ["GoogleAds:SunsetVersions: '22' is not a version such as v21 or a range such as v19-v22.", "GoogleAds:RetiredVersions: the range 'v18-v3' ends before it starts."],
            result.Failures);
    }

    [Fact]
    public async Task StartAsync_BadSunsetSetting_StartupFails()
    {
        var app = SandboxApp.Build(["--urls", "http://127.0.0.1:0", "--GoogleAds:SunsetVersions=21"]);
        await using (app)
        {
            await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        }
    }
}
