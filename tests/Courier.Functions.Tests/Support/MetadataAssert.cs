using System.Text.Json;
using Courier.Hosting.Catalog;

namespace Courier.Functions.Tests.Support;

/// <summary>The checks of a published functions.metadata against the catalog, shared by both publish options.</summary>
internal static class MetadataAssert
{
    public static TheoryData<string> TimerNames => [.. JobCatalog.Timers.Select(e => e.Name)];

    public static TheoryData<string> HttpNames => [.. JobCatalog.HttpFunctions.Select(e => e.Name)];

    /// <summary>The functions are exactly the catalog's: none missing, none extra, none twice.</summary>
    public static void SameFunctionsAsCatalog(PublishedApp app)
    {
        var published = app.Functions.Select(f => f.Name).ToList();
        var catalog = JobCatalog.Entries.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);

        var missing = catalog.Except(published, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var extra = published.Except(catalog, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var twice = published.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && twice.Count == 0,
            $"functions.metadata drifted from the catalog. Missing: [{string.Join(", ", missing)}]; extra: [{string.Join(", ", extra)}]; twice: [{string.Join(", ", twice)}]");
    }

    /// <summary>One timerTrigger reading the catalog's schedule setting, with the schedule monitor on.</summary>
    public static void Timer(PublishedApp app, string name)
    {
        var entry = JobCatalog.Find(name)!;
        var function = app.Function(name);

        Assert.True(function.Bindings.Count == 1, $"{name}: expected only its timer binding: {function.Describe()}");
        var trigger = function.Trigger("timerTrigger");
        Assert.Equal("%" + entry.ScheduleSetting + "%", trigger.GetProperty("schedule").GetString());
        Assert.True(trigger.TryGetProperty("useMonitor", out var monitor) && monitor.ValueKind == JsonValueKind.True, $"{name}: useMonitor is not true: {trigger.GetRawText()}");
    }

    /// <summary>An httpTrigger with the catalog's route and methods at <paramref name="authLevel"/>, answering through an http output.</summary>
    public static void Http(PublishedApp app, string name, string authLevel)
    {
        var entry = JobCatalog.Find(name)!;
        var function = app.Function(name);

        var trigger = function.Trigger("httpTrigger");
        Assert.Equal(entry.Route, trigger.GetProperty("route").GetString());
        var methods = trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
        Assert.True(methods.SetEquals(entry.Methods), $"{name}: methods [{string.Join(", ", methods)}], catalog [{string.Join(", ", entry.Methods)}]");
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString(), ignoreCase: true);
        Assert.True(
            function.BindingsOf("http").Any(b => string.Equals(b.GetProperty("direction").GetString(), "Out", StringComparison.OrdinalIgnoreCase)),
            $"{name}: no http output binding: {function.Describe()}");
    }
}
