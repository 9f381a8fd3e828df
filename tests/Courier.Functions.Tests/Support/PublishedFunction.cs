using System.Text.Json;

namespace Courier.Functions.Tests.Support;

/// <summary>One function of a generated functions.metadata: its name and its bindings as the host reads them.</summary>
public sealed record PublishedFunction(string Name, IReadOnlyList<JsonElement> Bindings)
{
    public static IReadOnlyList<PublishedFunction> ReadAll(string path)
    {
        Assert.True(File.Exists(path), $"functions.metadata is missing: {path}");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray()
            .Select(f => new PublishedFunction(
                f.GetProperty("name").GetString()!,
                f.GetProperty("bindings").EnumerateArray().Select(b => b.Clone()).ToList()))
            .ToList();
    }

    /// <summary>The bindings of <paramref name="type"/> (case-insensitive, as the host matches them).</summary>
    public IReadOnlyList<JsonElement> BindingsOf(string type) =>
        Bindings.Where(b => string.Equals(b.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonElement Trigger(string type)
    {
        var triggers = BindingsOf(type);
        return triggers.Count == 1 ? triggers[0] : throw new Xunit.Sdk.XunitException($"{Name}: expected one {type} binding, found {triggers.Count}: {Describe()}");
    }

    public string Describe() => string.Join("; ", Bindings.Select(b => b.GetRawText()));
}
