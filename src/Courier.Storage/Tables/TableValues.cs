using System.Globalization;
using Azure.Data.Tables;

namespace Courier.Storage.Tables;

/// <summary>
/// Tolerant typed reads of entity properties: a missing or wrongly typed value (a row edited by hand, an old schema)
/// gives null instead of throwing, so one bad row cannot break a listing.
/// </summary>
internal static class TableValues
{
    public static string? String(TableEntity entity, string name) =>
        entity.TryGetValue(name, out var raw) ? raw as string : null;

    public static int? Int(TableEntity entity, string name) =>
        entity.TryGetValue(name, out var raw) ? raw switch
        {
            int i => i,
            long l when l is >= int.MinValue and <= int.MaxValue => (int)l,
            string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
            _ => null,
        } : null;

    public static long? Long(TableEntity entity, string name) =>
        entity.TryGetValue(name, out var raw) ? raw switch
        {
            long l => l,
            int i => i,
            string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) => p,
            _ => null,
        } : null;

    public static bool? Bool(TableEntity entity, string name) =>
        entity.TryGetValue(name, out var raw) ? raw switch
        {
            bool b => b,
            string s when bool.TryParse(s, out var p) => p,
            _ => null,
        } : null;

    public static DateTimeOffset? Time(TableEntity entity, string name) =>
        entity.TryGetValue(name, out var raw) ? raw switch
        {
            DateTimeOffset d => d,
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var p) => p,
            _ => null,
        } : null;

    /// <summary>True when the property is present but holds something that is not null.</summary>
    public static bool Has(TableEntity entity, string name) => entity.TryGetValue(name, out var raw) && raw is not null;
}
