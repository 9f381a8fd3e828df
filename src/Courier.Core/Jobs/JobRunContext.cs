using Courier.Core.Runs;

namespace Courier.Core.Jobs;

/// <summary>What a job knows about the run it is in.</summary>
/// <param name="RunId">Also the queue lease owner for items this run claims.</param>
/// <param name="Trigger">What started the run.</param>
/// <param name="Budget">When to stop claiming.</param>
/// <param name="Parameters">Per-run parameters from the twin's query (for example <c>limit</c>, <c>min_age_minutes</c>).</param>
public sealed record JobRunContext(string RunId, RunTrigger Trigger, RunBudget Budget, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Reads an integer parameter, or <paramref name="fallback"/> when absent.</summary>
    public int GetInt(string name, int fallback) =>
        Parameters.TryGetValue(name, out var raw) && int.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
