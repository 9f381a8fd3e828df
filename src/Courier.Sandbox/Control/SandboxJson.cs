using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Courier.Sandbox.Control;

/// <summary>The JSON settings of the control API, shared by the server and <see cref="SandboxControlClient"/>.</summary>
internal static class SandboxJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>camelCase names, enums as camelCase strings (curl users write "kind":"timeout"), and no HTML escaping of "+" in offsets, as Google writes them.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
