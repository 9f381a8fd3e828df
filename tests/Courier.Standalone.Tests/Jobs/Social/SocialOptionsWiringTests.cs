using Courier.Core.Jobs.Social;
using Courier.Hosting.Jobs.Social;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Courier.Standalone.Tests.Jobs.Social;

public sealed class SocialOptionsWiringTests
{
    [Theory]
    [InlineData("Development", null, true)]
    [InlineData("Development", "", true)]
    [InlineData("Development", "false", false)]
    [InlineData("Production", null, false)]
    [InlineData("Production", "", false)]
    [InlineData("Production", "true", true)]
    public async Task AddSocial_SimulateWithoutConnection_DevelopmentDefaultUnlessSet(string environment, string? setting, bool expected)
    {
        var settings = new Dictionary<string, string?> { ["environment"] = environment, ["Social:SimulateWithoutConnection"] = setting };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(CourierTestHost.DefaultSettings()).AddInMemoryCollection(settings).Build();
        await using var host = await CourierTestHost.StartAsync(settings, s => s.AddSocial(configuration));

        Assert.Equal(expected, host.Services.GetRequiredService<IOptions<SocialOptions>>().Value.SimulateWithoutConnection);
    }

    [Fact]
    public async Task AddSocial_BadDurations_StartupFailsNamingTheSettings()
    {
        var settings = new Dictionary<string, string?> { ["Social:ContainerPollDelay"] = "00:00:01", ["Social:LeaseFor"] = "02:00:00" };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(CourierTestHost.DefaultSettings()).AddInMemoryCollection(settings).Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => CourierTestHost.StartAsync(settings, s => s.AddSocial(configuration)));

        Assert.Equal(["Social:ContainerPollDelay must be between 00:00:05 and 01:00:00.", "Social:LeaseFor must be between 00:01:00 and 01:00:00."], e.Failures);
    }
}
