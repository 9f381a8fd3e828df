using Courier.Hosting.Jobs.Social;
using Courier.TestUtils.Azurite;
using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Jobs.Social;

/// <summary>Starts Courier with the social job wired as Program wires it, on Azurite, talking to the sandbox.</summary>
public static class SocialHost
{
    /// <param name="settings">Settings on top of the sandbox URL (a null value removes a default).</param>
    /// <param name="time">A clock for every Courier component (FakeTimeProvider to move retries); the sandbox keeps real time.</param>
    public static Task<CourierTestHost> StartAsync(AzuriteFixture azurite, SocialSandbox sandbox, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var all = sandbox.MetaSettings();
        all["Meta:Timeout"] = "00:00:02";
        all["ProviderHttp:MaxRetries"] = "0";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;

        var effective = CourierTestHost.DefaultSettings();
        foreach (var (key, value) in all)
        {
            if (value is null) effective.Remove(key);
            else effective[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(effective).Build();
        return CourierTestHost.StartAsync(
            all,
            services =>
            {
                services.AddSocial(configuration);
                if (time is not null) services.AddSingleton(time);
            },
            azurite.ConnectionString);
    }
}
