using Microsoft.Extensions.Configuration;

namespace Courier.Hosting.Catalog;

/// <summary>
/// The per-function settings an operator may change without a rebuild, read the way the Functions host reads them:
/// a timer's schedule from its <c>SCHEDULE_&lt;JOB&gt;</c> app setting (the worker's trigger carries <c>%SCHEDULE_&lt;JOB&gt;%</c>),
/// and the host's switch <c>AzureWebJobs.&lt;function&gt;.Disabled</c> or <c>AzureWebJobs_&lt;function&gt;_Disabled</c>.
/// </summary>
public sealed class FunctionSettings(IConfiguration configuration)
{
    /// <summary>The effective schedule of a timer: its app setting when set, else the catalog's default.</summary>
    public string ScheduleOf(CatalogEntry timer)
    {
        if (timer.ScheduleSetting is null) throw new InvalidOperationException($"'{timer.Name}' is not a timer function.");
        var value = configuration[timer.ScheduleSetting];
        return string.IsNullOrWhiteSpace(value) ? timer.Schedule! : value.Trim();
    }

    /// <summary>
    /// True when <c>AzureWebJobs.&lt;function&gt;.Disabled</c> or <c>AzureWebJobs_&lt;function&gt;_Disabled</c> is true: the two forms
    /// the Functions host honours. The double-underscore form is not one of them, so it is ignored here too.
    /// </summary>
    public bool IsDisabled(string functionName)
    {
        foreach (var key in DisabledSettings(functionName))
        {
            if (configuration[key] is { } value && IsTrue(value)) return true;
        }

        return false;
    }

    /// <summary>The setting names that disable <paramref name="functionName"/>.</summary>
    public static IReadOnlyList<string> DisabledSettings(string functionName) =>
        [$"AzureWebJobs.{functionName}.Disabled", $"AzureWebJobs_{functionName}_Disabled"];

    private static bool IsTrue(string value) =>
        value.Trim() is var v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1");
}
