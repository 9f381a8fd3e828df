using System.Text.Json;
using Courier.Hosting.Catalog;
using Courier.TestUtils.Repository;

namespace Courier.Functions.Tests.Publishing;

/// <summary>
/// local.settings.sample.json against the catalog: the timers read <c>%SCHEDULE_…%</c>, and the Functions host fails to
/// index a function whose setting is unset, so the sample gives every one, with the catalog's default.
/// </summary>
public sealed class LocalSettingsSampleTests
{
    public static TheoryData<string> Timers => [.. JobCatalog.Timers.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Timers))]
    public void Sample_ScheduleSetting_IsTheCatalogDefault(string timer)
    {
        var entry = JobCatalog.Find(timer)!;
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");

        Assert.True(values.TryGetProperty(entry.ScheduleSetting!, out var schedule), $"local.settings.sample.json does not set {entry.ScheduleSetting}");
        Assert.Equal(entry.Schedule, schedule.GetString());
    }
}
