using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Courier.Hosting.Http;

/// <summary>Reads a producer API's JSON body once, for every job: unreadable JSON is null, answered with <see cref="Problems.BadBody"/>.</summary>
public static class JsonRequest
{
    public static async Task<JsonDocument?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
