using System.Text.Json;
using Courier.Core.Validation;

namespace Courier.Core.Credentials;

/// <summary>
/// The credentials one provider stores per site: a provider key and its string fields. Each provider declares its schema
/// next to its client and registers it; Core validates, stores and loads credentials by schema, knowing no provider.
/// </summary>
public sealed class CredentialSchema
{
    private readonly Dictionary<string, CredentialField> _byName;

    public CredentialSchema(string providerKey, IEnumerable<CredentialField> fields)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(providerKey);
        ArgumentNullException.ThrowIfNull(fields);
        ProviderKey = providerKey;
        Fields = fields.ToList();
        if (Fields.Count == 0) throw new ArgumentException($"the credential schema of '{providerKey}' declares no field", nameof(fields));
        _byName = new Dictionary<string, CredentialField>(StringComparer.Ordinal);
        foreach (var field in Fields)
        {
            if (!_byName.TryAdd(field.Name, field)) throw new ArgumentException($"the credential schema of '{providerKey}' declares '{field.Name}' twice", nameof(fields));
        }
    }

    public string ProviderKey { get; }

    /// <summary>The fields in declaration order (the order validation errors come in).</summary>
    public IReadOnlyList<CredentialField> Fields { get; }

    public bool Declares(string name) => _byName.ContainsKey(name);

    /// <summary>
    /// Checks a credentials object: every required field a non-blank string, optional ones strings when present, nothing
    /// undeclared. Errors are named <c>credentials.&lt;field&gt;</c> and never quote a value.
    /// </summary>
    public IReadOnlyList<FieldError> Validate(JsonElement credentials)
    {
        var fields = new JsonFields(credentials);
        if (!fields.IsObject) return [new FieldError("credentials", "must be an object")];
        foreach (var field in Fields) fields.String(field.Name, field.Required, CredentialField.MaxLength);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in credentials.EnumerateObject())
        {
            if (!Declares(property.Name)) fields.Error(property.Name, "is not a known field");
            else if (!seen.Add(property.Name)) fields.Error(property.Name, "is given more than once");
        }

        return fields.Errors.Select(e => e with { Field = $"credentials.{e.Field}" }).ToList();
    }

    public override string ToString() => $"CredentialSchema {{ ProviderKey = {ProviderKey}, Fields = {string.Join(", ", Fields.Select(f => f.Name))} }}";
}
