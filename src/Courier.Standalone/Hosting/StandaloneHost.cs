using Courier.Hosting.Hosting;
using Courier.Standalone.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace Courier.Standalone.Hosting;

/// <summary>Creates the standalone host's builder: the shared Courier services, the scheduler, local.settings.json and Kestrel.</summary>
public static class StandaloneHost
{
    /// <summary>Where standalone listens unless <c>--urls</c> or <c>ASPNETCORE_URLS</c> say otherwise (as <c>func start</c>).</summary>
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>Setting naming the local.settings.json to read; empty to read none. Default: <c>local.settings.json</c> in the working directory, else the content root.</summary>
    public const string LocalSettingsPathSetting = "LocalSettingsPath";

    /// <summary>
    /// A builder with configuration in this order (later wins): appsettings, local.settings.json <c>Values</c>,
    /// environment variables, command line, then <paramref name="settings"/> (for tests). Storage is added by the caller.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = FunctionsEnvironment(args, settings) });
        AddLocalSettings(builder.Configuration, settings, builder.Environment.ContentRootPath);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey])) builder.WebHost.UseUrls(DefaultUrl);

        // Ctrl-C or SIGTERM: a few seconds to finish or release what is held, then out.
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(8));
        builder.Logging.AddCourierLogging();
        builder.Services.AddCourierHosting(builder.Configuration, "standalone");
        builder.Services.AddStandaloneScheduler(builder.Configuration);
        return builder;
    }

    /// <summary>The environment name: ASP.NET's own settings first, then <c>AZURE_FUNCTIONS_ENVIRONMENT</c> (what the Functions host sets).</summary>
    private static string? FunctionsEnvironment(string[] args, IReadOnlyDictionary<string, string?>? settings)
    {
        if (settings?.GetValueOrDefault("environment") is { Length: > 0 } fromSettings) return fromSettings;
        if (args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase))) return null;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"))) return null;
        var functions = settings?.GetValueOrDefault("AZURE_FUNCTIONS_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT");
        return string.IsNullOrEmpty(functions) ? null : functions;
    }

    private static void AddLocalSettings(ConfigurationManager configuration, IReadOnlyDictionary<string, string?>? settings, string contentRoot)
    {
        var configured = settings is not null && settings.TryGetValue(LocalSettingsPathSetting, out var fromSettings) ? fromSettings : configuration[LocalSettingsPathSetting];
        string? path;
        if (configured is not null) path = configured.Length == 0 ? null : Path.GetFullPath(configured);
        else path = new[] { Directory.GetCurrentDirectory(), contentRoot }.Select(d => Path.Combine(d, "local.settings.json")).FirstOrDefault(File.Exists);
        if (path is null) return;

        // Below environment variables, so the environment overrides the file.
        var sources = configuration.Sources;
        var index = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is EnvironmentVariablesConfigurationSource { Prefix: null or "" }, (null!, -1)).Item2;
        var source = new LocalSettingsConfigurationSource(path);
        if (index < 0) sources.Add(source);
        else sources.Insert(index, source);
    }
}
