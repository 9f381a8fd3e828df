namespace Courier.Providers.Credentials;

/// <summary>The vault's keys: the current one (<c>VAULT_KEY</c>, <c>VAULT_KEY_ID</c>) and older ones still needed to read old values (<c>VAULT_PREVIOUS_KEYS</c>).</summary>
public sealed class VaultOptions
{
    public const string DefaultKeyId = "k1";

    /// <summary>Base64 of exactly 32 bytes (AES-256).</summary>
    public string Key { get; set; } = "";

    /// <summary>Written into every value, so a rotated key can still be found for old values.</summary>
    public string KeyId { get; set; } = DefaultKeyId;

    /// <summary>Key id → base64 key, for decrypting values written before a rotation.</summary>
    public Dictionary<string, string> PreviousKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Entries of the <c>VAULT_PREVIOUS_KEYS</c> setting that were not <c>id=base64</c>; reported by validation.</summary>
    internal int MalformedPreviousKeyEntries { get; set; }

    /// <summary>Parses <c>id=base64;id2=base64</c> into <see cref="PreviousKeys"/> (the first '=' splits: base64 padding stays intact).</summary>
    public void ApplyPreviousKeysSetting(string? setting)
    {
        foreach (var entry in (setting ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var split = entry.IndexOf('=', StringComparison.Ordinal);
            if (split <= 0)
            {
                MalformedPreviousKeyEntries++;
                continue;
            }

            PreviousKeys[entry[..split].Trim()] = entry[(split + 1)..].Trim();
        }
    }
}
