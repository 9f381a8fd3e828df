using System.Globalization;
using Azure.Data.Tables;

namespace Courier.Storage.Tables;

/// <summary>
/// Stores text longer than one property allows (64 KiB of UTF-16) across numbered properties
/// (<c>payload</c>, <c>payload_1</c>, …) and reads it back whole.
/// </summary>
internal static class TableText
{
    /// <summary>Characters per property: under the 32K-character limit with room to spare.</summary>
    public const int ChunkChars = 30_000;

    public static void Write(TableEntity entity, string name, string? value)
    {
        if (value is null) return;
        if (value.Length <= ChunkChars)
        {
            entity[name] = value;
            return;
        }

        var start = 0;
        for (var part = 0; start < value.Length; part++)
        {
            var length = Math.Min(ChunkChars, value.Length - start);
            // Never split a surrogate pair: each part must be valid UTF-16 on its own.
            if (start + length < value.Length && char.IsHighSurrogate(value[start + length - 1])) length--;
            entity[PartName(name, part)] = value.Substring(start, length);
            start += length;
        }
    }

    /// <summary>The whole text, or null when absent. A value of another type is returned as its invariant text (a corrupt row).</summary>
    public static string? Read(TableEntity entity, string name, out bool wrongType)
    {
        wrongType = false;
        if (!entity.TryGetValue(name, out var first) || first is null) return null;
        if (first is not string text)
        {
            wrongType = true;
            return Convert.ToString(first, CultureInfo.InvariantCulture);
        }

        if (!entity.ContainsKey(PartName(name, 1))) return text;
        var builder = new System.Text.StringBuilder(text);
        for (var part = 1; entity.TryGetValue(PartName(name, part), out var more) && more is string chunk; part++) builder.Append(chunk);
        return builder.ToString();
    }

    private static string PartName(string name, int part) => part == 0 ? name : name + "_" + part.ToString(CultureInfo.InvariantCulture);
}
