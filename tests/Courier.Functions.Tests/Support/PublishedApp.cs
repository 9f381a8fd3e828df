using System.Text.Json;

namespace Courier.Functions.Tests.Support;

/// <summary>One <c>dotnet publish</c> output of src/Courier.Functions: the folder Azure and <c>func start</c> run.</summary>
public sealed class PublishedApp(string folder)
{
    private readonly Lazy<IReadOnlyList<PublishedFunction>> _functions = new(() => PublishedFunction.ReadAll(Path.Combine(folder, "functions.metadata")));

    public string Folder { get; } = folder;

    /// <summary>The functions of the generated functions.metadata, in file order.</summary>
    public IReadOnlyList<PublishedFunction> Functions => _functions.Value;

    public string PathOf(string relative) => Path.Combine(Folder, relative);

    public JsonDocument ReadJson(string relative)
    {
        var path = PathOf(relative);
        Assert.True(File.Exists(path), $"{relative} is missing from the published folder {Folder}");
        return JsonDocument.Parse(File.ReadAllText(path));
    }

    public PublishedFunction Function(string name) =>
        Functions.SingleOrDefault(f => f.Name == name) ?? throw new Xunit.Sdk.XunitException($"functions.metadata has no function '{name}' (it has: {string.Join(", ", Functions.Select(f => f.Name))})");
}
