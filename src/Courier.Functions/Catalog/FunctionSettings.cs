using Microsoft.Extensions.Configuration;

namespace Courier.Functions.Catalog;

/// <summary>
/// The per-function settings an operator may change without a rebuild: schedule overrides
/// (<c>Schedules__&lt;job&gt;</c>) and the host's switch <c>AzureWebJobs.&lt;function&gt;.Disabled</c>.
/// Hyphens in names may also be written as underscores, since some app-setting stores refuse hyphens.
/// </summary>
public sealed class FunctionSettings(IConfiguration configuration)
{
    /// <summary>The effective schedule of a timer: its override when set, else the catalog's.</summary>
    public string ScheduleOf(CatalogEntry timer)
    {
        foreach (var name in Spellings(timer.Name))
        {
            var value = configuration[$"Schedules:{name}"];
            if (!string.IsNullOrWhiteSpace(value)) return value.Trim();
        }

        return timer.Schedule ?? throw new InvalidOperationException($"'{timer.Name}' is not a timer function.");
    }

    /// <summary>True when <c>AzureWebJobs.&lt;function&gt;.Disabled</c> (or its double-underscore form) is true.</summary>
    public bool IsDisabled(string functionName)
    {
        foreach (var name in Spellings(functionName))
        {
            foreach (var key in new[] { $"AzureWebJobs.{name}.Disabled", $"AzureWebJobs:{name}:Disabled" })
            {
                var value = configuration[key];
                if (value is not null) return IsTrue(value);
            }
        }

        return false;
    }

    private static IEnumerable<string> Spellings(string name)
    {
        yield return name;
        if (name.Contains('-', StringComparison.Ordinal)) yield return name.Replace('-', '_');
    }

    private static bool IsTrue(string value) =>
        value.Trim() is var v && (v.Equals("true", StringComparison.OrdinalIgnoreCase) || v == "1");
}
