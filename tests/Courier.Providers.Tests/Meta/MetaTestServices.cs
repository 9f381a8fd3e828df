using System.Net.Http.Json;
using Courier.Providers.DependencyInjection;
using Courier.Providers.Meta;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Courier.Providers.Tests.Meta;

/// <summary>The Meta provider wired as the host wires it, pointed at the sandbox, logs captured; pages registered in the sandbox.</summary>
internal sealed class MetaTestServices : IDisposable
{
    public const string PageId = "1010101010";
    public const string PageToken = "EAAB-page-token-secret-1";
    public const string InstagramId = "17841400000000001";
    public const string OtherPageId = "2020202020";
    public const string OtherToken = "EAAB-page-token-secret-2";

    public MetaTestServices(SandboxServer sandbox, IDictionary<string, string?>? settings = null)
    {
        Sandbox = sandbox;
        var values = new Dictionary<string, string?>
        {
            ["Meta:BaseUrl"] = sandbox.BaseAddress.ToString(),
            ["Meta:ApiVersion"] = "v25.0",
            ["ProviderHttp:RetryBaseDelay"] = "00:00:00",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            values[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace));
        services.AddFakeLogging();
        services.AddMetaProvider(configuration);
        Provider = services.BuildServiceProvider(validateScopes: true);
    }

    public SandboxServer Sandbox { get; }

    public ServiceProvider Provider { get; }

    public IMetaGraphClient Client => Provider.GetRequiredService<IMetaGraphClient>();

    public MetaCredentials Credentials { get; } = new(PageToken);

    public string AllLogs => string.Join("\n", Provider.GetRequiredService<FakeLogCollector>().GetSnapshot()
        .Select(r => $"{r.Message} {string.Join(",", r.StructuredState?.Select(s => $"{s.Key}={s.Value}") ?? [])} {r.Exception}"));

    public async Task ResetAsync(int containerPolls = 0)
    {
        await Sandbox.Control.ResetAsync();
        await PostAsync("_sandbox/meta/pages", new { pageId = PageId, accessToken = PageToken, instagramUserId = InstagramId });
        await PostAsync("_sandbox/meta/pages", new { pageId = OtherPageId, accessToken = OtherToken });
        await PostAsync("_sandbox/meta/settings", new { containerPollsInProgress = containerPolls });
    }

    public async Task PostAsync(string path, object body)
    {
        using var response = await Sandbox.Http.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => Provider.Dispose();
}
