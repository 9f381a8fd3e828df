using System.Text;

namespace Courier.Core.Credentials;

/// <summary>
/// A site's decrypted credentials for one provider, checked against its <see cref="CredentialSchema"/>; held in memory for
/// a call only. It exposes values by field name alone, so serializing it shows no value, and <see cref="ToString"/>
/// redacts every secret field.
/// </summary>
public sealed class SiteCredentials
{
    private readonly CredentialSchema _schema;
    private readonly Dictionary<string, string> _values;

    /// <summary>Values must follow <paramref name="schema"/>: every required field present and non-blank, nothing undeclared.</summary>
    public SiteCredentials(string siteId, CredentialSchema schema, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(siteId);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(values);
        var undeclared = values.Keys.Where(k => !schema.Declares(k)).ToList();
        var missing = schema.Fields.Where(f => f.Required && (!values.TryGetValue(f.Name, out var v) || string.IsNullOrWhiteSpace(v))).Select(f => f.Name).ToList();
        // Names only: a value may be a secret.
        if (undeclared.Count > 0) throw new ArgumentException($"{schema.ProviderKey} credentials declare no field {string.Join(", ", undeclared)}", nameof(values));
        if (missing.Count > 0) throw new ArgumentException($"{schema.ProviderKey} credentials lack {string.Join(", ", missing)}", nameof(values));
        SiteId = siteId;
        _schema = schema;
        _values = new Dictionary<string, string>(values, StringComparer.Ordinal);
    }

    public string SiteId { get; }

    public string ProviderKey => _schema.ProviderKey;

    /// <summary>The value of a required field (or of an optional one known to be present).</summary>
    public string Get(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"{ProviderKey} credentials of site {SiteId} have no field {name}");

    /// <summary>The value of an optional field; null when absent or blank.</summary>
    public string? GetOptional(string name) => _values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public override string ToString()
    {
        var text = new StringBuilder($"SiteCredentials {{ SiteId = {SiteId}, ProviderKey = {ProviderKey}");
        foreach (var field in _schema.Fields)
        {
            if (!_values.TryGetValue(field.Name, out var value)) continue;
            text.Append(", ").Append(field.Name).Append(" = ").Append(field.Secret ? "[redacted]" : value);
        }

        return text.Append(" }").ToString();
    }
}
