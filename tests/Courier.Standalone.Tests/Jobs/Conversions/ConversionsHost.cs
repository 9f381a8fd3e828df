using Courier.Hosting.Jobs.Conversions;
using Courier.Standalone.Tests.Support;
using Courier.TestUtils.Hosts;
using Courier.TestUtils.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Standalone.Tests.Jobs.Conversions;

/// <summary>Starts Courier with the conversions job wired as Program wires it, on Azurite, talking to the sandbox.</summary>
public static class ConversionsHost
{
    /// <param name="settings">Settings on top of the sandbox URLs (a null value removes a default; <c>Storage:TablePrefix</c> reuses another host's tables).</param>
    /// <param name="time">A clock for every Courier component (FakeTimeProvider to move retries and circuits); the sandbox keeps real time.</param>
    public static Task<CourierTestHost> StartAsync(AzuriteFixture azurite, ConversionsSandbox sandbox, IReadOnlyDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var all = sandbox.GoogleAdsSettings();
        // The host environment, not a setting: seeding credentials over HTTP is refused in Production, the default.
        all["environment"] = "Development";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;

        // AddConversions reads VAULT_KEY and GoogleAds:* from the configuration it is given: the same values the host gets.
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
                services.AddConversions(configuration);
                // Registered last, so it wins over TimeProvider.System everywhere it is resolved.
                if (time is not null) services.AddSingleton(time);
            },
            azurite.ConnectionString);
    }
}
