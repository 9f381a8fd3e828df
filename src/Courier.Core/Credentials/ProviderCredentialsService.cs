using System.Text.Json;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Validation;

namespace Courier.Core.Credentials;

/// <summary>
/// Stores provider credentials encrypted (one row per site and provider) and decrypts them only in memory for a call.
/// The vault binds each blob to its site and provider, so a blob copied to another row does not decrypt.
/// </summary>
public sealed class ProviderCredentialsService(ICredentialStore store, ISecretVault vault, TimeProvider time)
{
    public const string GoogleAds = "google_ads";

    private static readonly string[] GoogleAdsRequired =
        ["customer_id", "developer_token", "client_id", "client_secret", "refresh_token", "conversion_action_resource_name"];

    private static readonly string[] GoogleAdsOptional = ["login_customer_id"];

    /// <summary>The providers whose credentials can be seeded, with their required fields.</summary>
    public static IReadOnlyCollection<string> KnownProviders { get; } = [GoogleAds];

    /// <summary>Checks a credentials object for <paramref name="providerKey"/> without storing anything.</summary>
    public static IReadOnlyList<FieldError> Validate(string providerKey, JsonElement credentials)
    {
        var fields = new JsonFields(credentials);
        if (!fields.IsObject) return [new FieldError("credentials", "must be an object")];
        if (providerKey != GoogleAds) return [new FieldError("provider_key", $"must be one of: {string.Join(", ", KnownProviders)}")];
        foreach (var name in GoogleAdsRequired) fields.String(name, required: true);
        foreach (var name in GoogleAdsOptional) fields.String(name, required: false);
        foreach (var property in credentials.EnumerateObject())
        {
            if (!GoogleAdsRequired.Contains(property.Name) && !GoogleAdsOptional.Contains(property.Name))
                fields.Error($"credentials.{property.Name}", "is not a known field");
        }

        return fields.Errors.Select(e => e.Field.StartsWith("credentials", StringComparison.Ordinal) ? e : e with { Field = $"credentials.{e.Field}" }).ToList();
    }

    /// <summary>Encrypts and stores a validated credentials object.</summary>
    public async Task SaveAsync(string siteId, string providerKey, JsonElement credentials, CancellationToken cancellationToken = default)
    {
        var errors = Validate(providerKey, credentials);
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}")));
        var blob = vault.Protect(credentials.GetRawText(), Context(siteId, providerKey));
        await store.SaveAsync(new ProviderCredential(siteId, providerKey, blob, vault.CurrentKeyId, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads and decrypts a site's Google Ads credentials; throws <see cref="CredentialsUnavailableException"/> with a secret-free reason.</summary>
    public async Task<GoogleAdsAccount> GetGoogleAdsAsync(string siteId, CancellationToken cancellationToken = default)
    {
        using var doc = await ReadAsync(siteId, GoogleAds, cancellationToken).ConfigureAwait(false);
        var errors = Validate(GoogleAds, doc.RootElement);
        if (errors.Count > 0) throw new CredentialsUnavailableException($"stored {GoogleAds} credentials of site {siteId} are incomplete: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}"))}");
        string Get(string name) => doc.RootElement.GetProperty(name).GetString()!;
        string? Optional(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new GoogleAdsAccount(Get("customer_id"), Get("developer_token"), Get("client_id"), Get("client_secret"), Get("refresh_token"), Get("conversion_action_resource_name"), Optional("login_customer_id"));
    }

    private async Task<JsonDocument> ReadAsync(string siteId, string providerKey, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(siteId, providerKey, cancellationToken).ConfigureAwait(false)
            ?? throw new CredentialsUnavailableException($"no {providerKey} credentials are stored for site {siteId}");
        string json;
        try
        {
            json = vault.Unprotect(stored.ProtectedBlob, Context(siteId, providerKey));
        }
        catch (SecretUnreadableException ex)
        {
            throw new CredentialsUnavailableException($"{providerKey} credentials of site {siteId} cannot be decrypted: {ex.Message}");
        }

        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            throw new CredentialsUnavailableException($"{providerKey} credentials of site {siteId} decrypted to something that is not JSON");
        }
    }

    private static string Context(string siteId, string providerKey) => $"{siteId}/{providerKey}";
}
