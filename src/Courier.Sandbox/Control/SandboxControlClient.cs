using System.Net.Http.Json;
using System.Text.Json;

namespace Courier.Sandbox.Control;

/// <summary>A typed client of the control API for tests in any project: faults, reset, ledgers.</summary>
/// <param name="http">An HttpClient whose BaseAddress is the sandbox root (for example http://127.0.0.1:7080/).</param>
public sealed class SandboxControlClient(HttpClient http)
{
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsync("_sandbox/reset", content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<FaultRuleStatus> AddFaultAsync(FaultSpec spec, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync("_sandbox/faults", spec, SandboxJson.Options, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Fault rule refused ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return (await response.Content.ReadFromJsonAsync<FaultRuleStatus>(SandboxJson.Options, cancellationToken))!;
    }

    public async Task ClearFaultsAsync(string? route = null, CancellationToken cancellationToken = default)
    {
        var uri = route is null ? "_sandbox/faults" : $"_sandbox/faults?route={Uri.EscapeDataString(route)}";
        using var response = await http.DeleteAsync(uri, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Reads a ledger's entries as <typeparamref name="TEntry"/> (for example <c>AdsUploadCall</c> from <c>ads.upload</c>).</summary>
    public async Task<IReadOnlyList<TEntry>> GetLedgerAsync<TEntry>(string name, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"_sandbox/ledgers/{Uri.EscapeDataString(name)}", cancellationToken);
        response.EnsureSuccessStatusCode();
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return doc.RootElement.GetProperty("entries").Deserialize<List<TEntry>>(SandboxJson.Options) ?? [];
    }
}
