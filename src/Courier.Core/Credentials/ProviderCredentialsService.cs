using System.Text.Json;
using Courier.Core.Validation;

namespace Courier.Core.Credentials;

/// <summary>
/// Stores provider credentials encrypted (one row per site and provider) and decrypts them only in memory for a call.
/// What a provider's credentials hold is its registered <see cref="CredentialSchema"/>; this service names no provider.
/// The vault binds each blob to its site and provider, so a blob copied to another row does not decrypt.
/// </summary>
public sealed class ProviderCredentialsService
{
    private readonly ICredentialStore _store;
    private readonly ISecretVault _vault;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, CredentialSchema> _schemas = new(StringComparer.Ordinal);

    /// <param name="schemas">The schemas of every registered provider (each provider's Add…Provider registers its own).</param>
    public ProviderCredentialsService(ICredentialStore store, ISecretVault vault, IEnumerable<CredentialSchema> schemas, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(schemas);
        _store = store;
        _vault = vault;
        _time = time;
        foreach (var schema in schemas)
        {
            if (!_schemas.TryAdd(schema.ProviderKey, schema) && !ReferenceEquals(_schemas[schema.ProviderKey], schema))
                throw new InvalidOperationException($"two credential schemas are registered for provider '{schema.ProviderKey}'");
        }

        KnownProviders = _schemas.Keys.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The provider keys whose credentials can be stored, in ordinal order.</summary>
    public IReadOnlyList<string> KnownProviders { get; }

    /// <summary>
    /// Checks a credentials object for <paramref name="providerKey"/> without storing anything: <c>provider_key</c> when no
    /// schema is registered for it (the message names the known ones), else <c>credentials.&lt;field&gt;</c> per bad field.
    /// No message quotes a value.
    /// </summary>
    public IReadOnlyList<FieldError> Validate(string providerKey, JsonElement credentials)
    {
        if (credentials.ValueKind != JsonValueKind.Object) return [new FieldError("credentials", "must be an object")];
        if (providerKey is null || !_schemas.TryGetValue(providerKey, out var schema))
            return [new FieldError("provider_key", KnownProviders.Count == 0 ? "no provider is registered" : $"must be one of: {string.Join(", ", KnownProviders)}")];
        return schema.Validate(credentials);
    }

    /// <summary>Encrypts and stores a credentials object (the whole object, as sent) after <see cref="Validate"/>; throws <see cref="ArgumentException"/> naming the bad fields.</summary>
    public async Task SaveAsync(string siteId, string providerKey, JsonElement credentials, CancellationToken cancellationToken = default)
    {
        var errors = Validate(providerKey, credentials);
        if (errors.Count > 0) throw new ArgumentException(Describe(errors));
        var blob = _vault.Protect(credentials.GetRawText(), Context(siteId, providerKey));
        await _store.SaveAsync(new ProviderCredential(siteId, providerKey, blob, _vault.CurrentKeyId, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads and decrypts a site's credentials for a provider and checks them against its schema again; throws
    /// <see cref="CredentialsUnavailableException"/> with a secret-free reason when they are missing, unreadable or incomplete.
    /// </summary>
    public async Task<SiteCredentials> GetAsync(string siteId, string providerKey, CancellationToken cancellationToken = default)
    {
        // Asking for a provider nobody registered is a wiring defect, not a site's problem.
        if (!_schemas.TryGetValue(providerKey, out var schema))
            throw new InvalidOperationException($"no credential schema is registered for provider '{providerKey}'; known: {string.Join(", ", KnownProviders)}");
        using var doc = await ReadAsync(siteId, providerKey, cancellationToken).ConfigureAwait(false);
        var errors = schema.Validate(doc.RootElement);
        if (errors.Count > 0) throw new CredentialsUnavailableException($"stored {providerKey} credentials of site {siteId} are incomplete: {Describe(errors)}");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in doc.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String) values[property.Name] = property.Value.GetString()!;
        }

        return new SiteCredentials(siteId, schema, values);
    }

    private async Task<JsonDocument> ReadAsync(string siteId, string providerKey, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(siteId, providerKey, cancellationToken).ConfigureAwait(false)
            ?? throw new CredentialsUnavailableException($"no {providerKey} credentials are stored for site {siteId}");
        string json;
        try
        {
            json = _vault.Unprotect(stored.ProtectedBlob, Context(siteId, providerKey));
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
            // The parser's message may quote the text it choked on: say nothing of it.
            throw new CredentialsUnavailableException($"{providerKey} credentials of site {siteId} decrypted to something that is not JSON");
        }
    }

    private static string Describe(IReadOnlyList<FieldError> errors) => string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}"));

    private static string Context(string siteId, string providerKey) => $"{siteId}/{providerKey}";
}
