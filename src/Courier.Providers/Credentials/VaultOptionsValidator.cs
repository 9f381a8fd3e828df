using Microsoft.Extensions.Options;

namespace Courier.Providers.Credentials;

/// <summary>Start-up checks of <see cref="VaultOptions"/>; messages name the setting and the key id, never key material.</summary>
public sealed class VaultOptionsValidator : IValidateOptions<VaultOptions>
{
    public ValidateOptionsResult Validate(string? name, VaultOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        CheckKey(options.Key, "VAULT_KEY", failures);

        if (!VaultKeys.IsValidKeyId(options.KeyId))
        {
            failures.Add("VAULT_KEY_ID must be 1 to 32 letters, digits, '-' or '_'.");
        }

        if (options.MalformedPreviousKeyEntries > 0)
        {
            failures.Add("VAULT_PREVIOUS_KEYS must be keyId=base64 pairs separated by ';'.");
        }

        foreach (var (keyId, key) in options.PreviousKeys)
        {
            if (!VaultKeys.IsValidKeyId(keyId))
            {
                failures.Add("VAULT_PREVIOUS_KEYS key ids must be 1 to 32 letters, digits, '-' or '_'.");
                continue;
            }

            if (keyId == options.KeyId)
            {
                failures.Add($"VAULT_PREVIOUS_KEYS must not contain the current VAULT_KEY_ID '{keyId}'.");
            }

            CheckKey(key, $"VAULT_PREVIOUS_KEYS key '{keyId}'", failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckKey(string? key, string setting, List<string> failures)
    {
        var bytes = VaultKeys.TryDecode(key);
        if (bytes is null)
        {
            failures.Add($"{setting} is not valid base64.");
        }
        else if (bytes.Length != VaultKeys.KeySize)
        {
            failures.Add($"{setting} must be base64 of exactly {VaultKeys.KeySize} bytes (got {bytes.Length} bytes).");
        }
    }
}
