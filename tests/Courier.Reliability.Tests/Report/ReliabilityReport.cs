using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Courier.TestUtils.Repository;

namespace Courier.Reliability.Tests.Report;

/// <summary>
/// Collects what each reliability test tried and saw, and when the collection ends writes the table:
/// always to <c>TestResults/reliability.md</c> and <c>.json</c> beside the test output, and to <c>docs/reliability.md</c>
/// when every section has rows (a filtered run never overwrites the published table with a partial one).
/// Tests assert their own invariants; the report only records them.
/// </summary>
public sealed class ReliabilityReport : IDisposable
{
    private readonly ConcurrentQueue<CrashRow> _crashes = new();
    private readonly ConcurrentQueue<FaultRow> _faults = new();
    private readonly ConcurrentQueue<BadInputRow> _badInputs = new();
    private readonly ConcurrentQueue<SecretScanRow> _secrets = new();
    private readonly ConcurrentQueue<ConcurrencyRow> _concurrency = new();
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;

    public void Record(CrashRow row) => _crashes.Enqueue(row);

    public void Record(FaultRow row) => _faults.Enqueue(row);

    public void Record(BadInputRow row) => _badInputs.Enqueue(row);

    public void Record(SecretScanRow row) => _secrets.Enqueue(row);

    public void Record(ConcurrencyRow row) => _concurrency.Enqueue(row);

    public void Dispose()
    {
        var markdown = Render();
        var results = Path.Combine(RepoRoot.Path, "TestResults");
        Directory.CreateDirectory(results);
        File.WriteAllText(Path.Combine(results, "reliability.md"), markdown);
        File.WriteAllText(Path.Combine(results, "reliability.json"), JsonSerializer.Serialize(new
        {
            crashes = _crashes, faults = _faults, badInputs = _badInputs, secrets = _secrets, concurrency = _concurrency,
        }, new JsonSerializerOptions { WriteIndented = true }));
        var complete = !_crashes.IsEmpty && !_faults.IsEmpty && !_badInputs.IsEmpty && !_secrets.IsEmpty && !_concurrency.IsEmpty;
        if (complete) File.WriteAllText(Path.Combine(RepoRoot.Path, "docs", "reliability.md"), markdown);
    }

    private string Render()
    {
        var md = new StringBuilder();
        md.AppendLine("# Reliability and security");
        md.AppendLine();
        md.AppendLine("This file is written by the reliability suite (`tests/Courier.Reliability.Tests`) at the end of each full run; do not edit it by hand.");
        md.AppendLine("Reproduce it with `./scripts/test.sh` (the whole suite) or `dotnet test tests/Courier.Reliability.Tests -c Release`;");
        md.AppendLine("a longer soak: `./scripts/reliability-soak.sh` (see docs/operations.md).");
        md.AppendLine();
        md.AppendLine(Invariant($"Last run: {_started:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores."));
        md.AppendLine();

        md.AppendLine("## Crashes: a fault at every storage write and provider call, process kills, storage stopped");
        md.AppendLine();
        md.AppendLine("Each run is stopped at one crash point; then recovery and the job run again until every item has ended. Lost and duplicated must be 0.");
        md.AppendLine();
        Table(md, ["Job", "Stopped by", "Crash points", "Runs", "Items", "Lost", "Duplicated side effects", "Unknown", "Unknown resolved by"],
            _crashes.OrderBy(r => r.Job, StringComparer.Ordinal).ThenBy(r => r.Kind, StringComparer.Ordinal)
                .Select(r => new[] { r.Job, r.Kind, N(r.CrashPointsTried), N(r.Runs), N(r.Items), N(r.Lost), N(r.DuplicatedSideEffects), N(r.Unknown), r.UnknownResolution }));
        if (!_crashes.IsEmpty)
        {
            md.AppendLine(Invariant($"Total: {_crashes.Sum(r => r.CrashPointsTried)} crash points, {_crashes.Sum(r => r.Runs)} runs, {_crashes.Sum(r => r.Items)} items, {_crashes.Sum(r => r.Lost)} lost, {_crashes.Sum(r => r.DuplicatedSideEffects)} duplicated."));
            md.AppendLine();
        }

        md.AppendLine("## Concurrency");
        md.AppendLine();
        Table(md, ["Job", "Setup", "Items", "Processed once", "Processed twice", "Lost"],
            _concurrency.OrderBy(r => r.Job, StringComparer.Ordinal).Select(r => new[] { r.Job, r.Setup, N(r.Items), N(r.ProcessedOnce), N(r.ProcessedTwice), N(r.Lost) }));

        md.AppendLine("## Provider storms and outages");
        md.AppendLine();
        Table(md, ["Job", "Target", "Fault", "Calls hit", "Items", "Ended correctly", "Failed by the outage", "Seen"],
            _faults.OrderBy(r => r.Job, StringComparer.Ordinal).ThenBy(r => r.Fault, StringComparer.Ordinal)
                .Select(r => new[] { r.Job, r.Target, r.Fault, N(r.Injected), N(r.Items), N(r.EndedCorrectly), N(r.FailedByOutage), r.Notes }));

        md.AppendLine("## Bad input");
        md.AppendLine();
        Table(md, ["API", "Malformed requests", "4xx with a problem body", "5xx", "Stored", "Notes"],
            _badInputs.OrderBy(r => r.Api, StringComparer.Ordinal).Select(r => new[] { r.Api, N(r.Tried), N(r.Rejected4xx), N(r.ServerErrors5xx), N(r.Stored), r.Notes }));
        if (!_badInputs.IsEmpty)
        {
            md.AppendLine(Invariant($"Total: {_badInputs.Sum(r => r.Tried)} malformed requests, {_badInputs.Sum(r => r.ServerErrors5xx)} answered 5xx, {_badInputs.Sum(r => r.Stored)} stored anything."));
            md.AppendLine();
        }

        md.AppendLine("## Secrets");
        md.AppendLine();
        Table(md, ["Scope", "Secrets checked", "Lines scanned", "Leaks", "Notes"],
            _secrets.OrderBy(r => r.Scope, StringComparer.Ordinal).Select(r => new[] { r.Scope, N(r.SecretsChecked), r.LinesScanned.ToString("N0", CultureInfo.InvariantCulture), N(r.Leaks), r.Notes }));
        return md.ToString();
    }

    private static void Table(StringBuilder md, string[] headers, IEnumerable<string[]> rows)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            md.AppendLine("_Not run in this run._");
            md.AppendLine();
            return;
        }

        md.AppendLine("| " + string.Join(" | ", headers) + " |");
        md.AppendLine("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in list) md.AppendLine("| " + string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        md.AppendLine();
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
