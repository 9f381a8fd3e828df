using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Courier.Hosting.Http;

/// <summary>Removes secrets from text bound for logs: values of secret-like query keys, and any configured secret value wherever it appears.</summary>
public sealed class LogRedactor(IConfiguration configuration)
{
    public const string Mask = "***";

    /// <summary>App settings whose values must never reach a log line.</summary>
    public static readonly IReadOnlyList<string> SecretSettings = ["CRON_SECRET", "RUN_PENDING_DELIVERIES_SECRET", "API_SECRET", "VAULT_KEY"];

    private static readonly HashSet<string> SecretKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "secret", "code", "token", "access_token", "refresh_token", "client_secret", "key", "api_key", "apikey", "sig", "password", "developer_token",
    };

    /// <summary>The query string with values of secret-like keys masked, e.g. <c>?limit=5&amp;secret=***</c>.</summary>
    public string Query(QueryString query)
    {
        if (!query.HasValue) return "";
        var text = new StringBuilder();
        foreach (var (key, values) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query.Value))
        {
            foreach (var value in values)
            {
                text.Append(text.Length == 0 ? '?' : '&').Append(key).Append('=');
                text.Append(SecretKeys.Contains(key) ? Mask : Text(value ?? ""));
            }
        }

        return text.ToString();
    }

    /// <summary><paramref name="value"/> with every configured secret value replaced by the mask.</summary>
    public string Text(string value)
    {
        foreach (var setting in SecretSettings)
        {
            var secret = configuration[setting];
            if (!string.IsNullOrEmpty(secret) && value.Contains(secret, StringComparison.Ordinal)) value = value.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return value;
    }
}
