using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Courier.Standalone.Hosting;

/// <summary>
/// Loads <c>Values</c> of local.settings.json as flat settings. Keys are taken as the Functions host would export them
/// as environment variables: <c>__</c> becomes the section separator, dots stay as they are.
/// </summary>
public sealed class LocalSettingsConfigurationProvider(string path) : ConfigurationProvider
{
    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(path))
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.TryGetProperty("Values", out var values) && values.ValueKind == JsonValueKind.Object)
            {
                foreach (var setting in values.EnumerateObject())
                {
                    var key = setting.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
                    data[key] = setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString() : setting.Value.GetRawText();
                }
            }
        }

        Data = data;
    }
}
