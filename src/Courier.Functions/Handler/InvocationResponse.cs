using System.Text.Json.Serialization;

namespace Courier.Functions.Handler;

/// <summary>The custom-handler reply to a non-HTTP invocation: <c>{"Outputs":{},"Logs":[…],"ReturnValue":…}</c>.</summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("Outputs")] IReadOnlyDictionary<string, object?> Outputs,
    [property: JsonPropertyName("Logs")] IReadOnlyList<string> Logs,
    [property: JsonPropertyName("ReturnValue")] object? ReturnValue);
