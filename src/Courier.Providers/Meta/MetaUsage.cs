using System.Net.Http.Headers;
using System.Text.Json;

namespace Courier.Providers.Meta;

/// <summary>
/// How close the app and page are to Meta's rate limits, read from <c>X-App-Usage</c>, <c>X-Page-Usage</c> and
/// <c>X-Business-Use-Case-Usage</c>: the highest percentage of any counter, and the longest wait Meta announced.
/// </summary>
/// <param name="MaxPercent">0–100 (can exceed 100 when throttled); 0 when no header came.</param>
/// <param name="RegainAccessAfter">BUC's <c>estimated_time_to_regain_access</c> (minutes) when above zero.</param>
public sealed record MetaUsage(int MaxPercent, TimeSpan? RegainAccessAfter)
{
    public static readonly MetaUsage None = new(0, null);

    private static readonly string[] Counters = ["call_count", "total_cputime", "total_time", "acc_id_util_pct"];

    /// <summary>Reads the usage headers; a header that is not the JSON Meta documents is ignored.</summary>
    public static MetaUsage From(HttpResponseHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var max = 0;
        var regainMinutes = 0;
        foreach (var name in new[] { "X-App-Usage", "X-Page-Usage" })
        {
            if (headers.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    Read(value, element => max = Math.Max(max, Percent(element)));
                }
            }
        }

        if (headers.TryGetValues("X-Business-Use-Case-Usage", out var buc))
        {
            foreach (var value in buc)
            {
                Read(value, root =>
                {
                    foreach (var business in root.EnumerateObject())
                    {
                        if (business.Value.ValueKind != JsonValueKind.Array)
                        {
                            continue;
                        }

                        foreach (var entry in business.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                        {
                            max = Math.Max(max, Percent(entry));
                            if (entry.TryGetProperty("estimated_time_to_regain_access", out var regain) && regain.TryGetInt32(out var minutes))
                            {
                                regainMinutes = Math.Max(regainMinutes, minutes);
                            }
                        }
                    }
                });
            }
        }

        return max == 0 && regainMinutes == 0 ? None : new MetaUsage(max, regainMinutes > 0 ? TimeSpan.FromMinutes(regainMinutes) : null);
    }

    private static void Read(string value, Action<JsonElement> read)
    {
        try
        {
            using var json = JsonDocument.Parse(value);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                read(json.RootElement);
            }
        }
        catch (JsonException)
        {
            // Advisory only: an unreadable header never fails a call.
        }
    }

    private static int Percent(JsonElement counters) =>
        Counters.Select(c => counters.TryGetProperty(c, out var v) && v.TryGetDouble(out var d) ? (int)Math.Ceiling(d) : 0).Max();
}
