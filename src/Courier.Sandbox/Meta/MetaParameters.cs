using System.Text.Json;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.Meta;

/// <summary>
/// A Graph call's parameters from the query string, a form body and a JSON body in any mix (Meta's own Node SDK sends JSON and
/// repeats <c>access_token</c> in the query); a body value wins over the same name in the query.
/// </summary>
internal sealed class MetaParameters
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public string? this[string name] => values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>The token from <c>Authorization: Bearer</c>, else the <c>access_token</c> parameter.</summary>
    public string? AccessToken { get; private set; }

    public static async Task<MetaParameters> ReadAsync(HttpRequest request)
    {
        var parameters = new MetaParameters();
        foreach (var (name, value) in request.Query)
        {
            parameters.values[name] = value.ToString();
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var (name, value) in form)
            {
                parameters.values[name] = value.ToString();
            }
        }
        else if (request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                if (await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) is JsonObject body)
                {
                    foreach (var (name, value) in body)
                    {
                        parameters.values[name] = value switch
                        {
                            null => "",
                            JsonValue v when v.TryGetValue<string>(out var text) => text,
                            _ => value.ToJsonString(),
                        };
                    }
                }
            }
            catch (JsonException)
            {
                // Graph ignores a body it cannot read; the missing parameters are then reported by name.
            }
        }

        var authorization = request.Headers.Authorization.ToString();
        parameters.AccessToken = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : parameters["access_token"];
        return parameters;
    }

    /// <summary>The names listed in <c>fields</c> (for example <c>status_code,status</c>).</summary>
    public IReadOnlySet<string> Fields() =>
        (this["fields"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
