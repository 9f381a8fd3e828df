using Microsoft.Extensions.Configuration;

namespace Courier.Standalone.Hosting;

/// <summary>Reads the <c>Values</c> of a Functions <c>local.settings.json</c>, so one settings file serves both modes.</summary>
/// <param name="path">The file; a missing file adds nothing.</param>
public sealed class LocalSettingsConfigurationSource(string path) : IConfigurationSource
{
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new LocalSettingsConfigurationProvider(Path);
}
