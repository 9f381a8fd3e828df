using System.Globalization;
using System.Text;
using System.Text.Json;
using Courier.Core.Scheduling;

namespace Courier.Storage.Scheduling;

/// <summary>
/// The host's status blob: WebJobs' <c>ScheduleStatus</c> as Newtonsoft writes it with IsoDateFormat,
/// <c>{"Last":"…","Next":"…","LastUpdated":"…"}</c> in UTF-8 without BOM or whitespace, each an ISO-8601 date-time
/// with its offset and fractional seconds trimmed (e.g. <c>2026-04-01T10:15:00+00:00</c>).
/// WebJobs' fields are non-nullable DateTimes: it writes "never" as DateTime.MinValue in local time and reads
/// anything before year 2 as unset, so a null here must never be written as JSON null (the host fails on it).
/// </summary>
internal static class WebJobsScheduleStatusJson
{
    /// <summary>What the host writes for an unset value on a UTC machine (<c>DateTime.MinValue.ToLocalTime()</c>).</summary>
    public const string Unset = "0001-01-01T00:00:00+00:00";

    // Newtonsoft's ISO format for a local DateTime or a DateTimeOffset ("FFFFFFF" drops trailing zeros and a bare dot).
    private const string DateFormat = "yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz";

    // The host's DefaultDateTimeThreshold is MinValue plus a year in its local time; a day more covers any offset.
    private static readonly DateTime UnsetBelow = new(2, 1, 2, 0, 0, 0, DateTimeKind.Utc);

    private static readonly JsonDocumentOptions Lenient = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The bytes the host would write for <paramref name="status"/>; unset values are written as the host's unset value.</summary>
    public static byte[] Write(ScheduleStatus status) => Encoding.UTF8.GetBytes(string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"Last\":\"{Format(status.Last)}\",\"Next\":\"{Format(status.Next)}\",\"LastUpdated\":\"{Format(status.LastUpdated)}\"}}"));

    /// <summary>
    /// Reads what the host (or Courier) wrote, as the host's Newtonsoft reader would: names in any case, unknown names
    /// ignored, ISO dates with or without an offset (none means UTC, the host's default zone). Unset or missing values
    /// give Last null, LastUpdated <see cref="DateTimeOffset.MinValue"/> and Next <see cref="DateTimeOffset.MaxValue"/>,
    /// so the scheduler re-arms the timer from now rather than firing it as past due, as the host does. Content that is
    /// not a JSON object (an empty blob) reads as all unset.
    /// </summary>
    public static ScheduleStatus Read(ReadOnlyMemory<byte> content)
    {
        DateTimeOffset? last = null, next = null, updated = null;
        var json = content.Span.StartsWith(Encoding.UTF8.Preamble) ? content[Encoding.UTF8.Preamble.Length..] : content;
        try
        {
            using var document = JsonDocument.Parse(json, Lenient);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (Named(property, "Last")) last = Parse(property.Value);
                    else if (Named(property, "Next")) next = Parse(property.Value);
                    else if (Named(property, "LastUpdated")) updated = Parse(property.Value);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: nothing in it can be trusted, so every value stays unset.
        }

        return new ScheduleStatus(last, next ?? DateTimeOffset.MaxValue, updated ?? DateTimeOffset.MinValue);
    }

    // MaxValue is how Read reports an unset Next, so it goes back out as unset.
    private static string Format(DateTimeOffset? value) =>
        value is { } set && set.UtcDateTime >= UnsetBelow && set != DateTimeOffset.MaxValue ? set.ToString(DateFormat, CultureInfo.InvariantCulture) : Unset;

    private static bool Named(JsonProperty property, string name) => string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset? Parse(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
        && parsed.UtcDateTime >= UnsetBelow
            ? parsed
            : null;
}
