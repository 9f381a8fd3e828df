using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Courier.Benchmarks.Support;
using Courier.Core.Jobs.PartnerDelivery;
using Courier.Hosting.Jobs.PartnerDelivery;
using Courier.Sandbox.Control;
using Courier.Sandbox.Drive;
using Courier.TestUtils.Hosts;

namespace Courier.Benchmarks.Scenarios;

/// <summary>
/// Partner delivery on the standalone host in-process with the Airtable and Drive sandbox, in one child process: one ready
/// asset record whose source folder (in a shared drive) holds folders of files, delivered by one
/// <c>POST /api/internal/run-pending-deliveries</c> with every Drive call held 50 ms by the sandbox. Files per second of
/// that run, and the Drive calls (every request Courier's Drive client put on the wire, <c>files.*</c>) per file copied,
/// beside the copy parallelism the job ran with (<c>PartnerDelivery:CopyParallelism</c>); and, in a child of its own, the
/// same delivery without latency (what a call costs Courier and the sandbox themselves on this machine).
/// </summary>
public sealed class PartnerDeliveryScenario : IBenchmarkScenario
{
    private const string SharedDrive = "0AbenchDrive";
    private const string Assets = "Creative Review Asset Status";
    private const string Batches = "Partner Delivery Batches";
    private static readonly string[] DriveRoutes = [DriveEndpoints.ListKey, DriveEndpoints.GetKey, DriveEndpoints.CreateKey, DriveEndpoints.CopyKey];

    public string Name => "delivery";

    public async Task<IReadOnlyDictionary<string, object>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken)
    {
        // records, folders per record, files per folder; then the Drive latency (ms). Without latency first: Courier's and
        // the sandbox's own cost per call on this machine, the ceiling the run at 50 ms is read against.
        string[] sizes = context.Quick ? ["1", "5", "4"] : ["1", "50", "20"];
        var unloaded = await context.RunChildAsync(Name, [.. sizes, "0"], cancellationToken);
        var run = new Dictionary<string, double>(await context.RunChildAsync(Name, [.. sizes, "50"], cancellationToken), StringComparer.Ordinal)
        {
            ["delivery_files_per_s_0ms"] = unloaded["delivery_files_per_s"],
        };
        context.Log.WriteLine(BenchmarkApp.Invariant($"  without latency: {unloaded["delivery_files_per_s"]:F1} files/s, {unloaded["delivery_drive_calls_per_file"]:F3} Drive calls per file"));
        context.Log.WriteLine(BenchmarkApp.Invariant($"  {run["delivery_files"]:F0} files in {run["delivery_folders"]:F0} folders at {run["delivery_latency_ms"]:F0} ms: {run["delivery_files_per_s"]:F1} files/s (parallelism {run["delivery_parallelism"]:F0}, {run["delivery_files_per_s_vs_ideal"]:P0} of parallelism ÷ latency), {run["delivery_drive_calls_per_file"]:F3} Drive calls per file"));
        return run.ToDictionary(p => p.Key, p => (object)Math.Round(p.Value, 3));
    }

    public async Task<IReadOnlyDictionary<string, double>> RunChildAsync(string[] args, CancellationToken cancellationToken)
    {
        var n = args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
        var (records, folders, filesPerFolder, latency) = (n[0], n[1], n[2], TimeSpan.FromMilliseconds(n[3]));
        var connection = Environment.GetEnvironmentVariable(BenchmarkContext.ConnectionVariable) ?? throw new InvalidOperationException($"{BenchmarkContext.ConnectionVariable} is not set");
        var prefix = "b" + Guid.NewGuid().ToString("N")[..10];
        var (baseId, token) = ("app" + prefix, "pat" + prefix + ".secret");
        var settings = new Dictionary<string, string?>
        {
            ["Airtable:AccessToken"] = token,
            ["Drive:CredentialJson"] = ServiceAccount.Json("delivery"),
            ["PartnerDelivery:BaseId"] = baseId,
        };
        await using var courier = await BenchCourier.StartAsync(connection, settings, jobs: (services, configuration) => services.AddPartnerDelivery(configuration));

        // The destination and the sources in a shared drive; one asset record per source tree, all in one batch.
        (await courier.SandboxHttp.PostAsJsonAsync("_sandbox/drive/drives", new { id = SharedDrive, name = "Partners" }, cancellationToken)).EnsureSuccessStatusCode();
        var destination = prefix + "-dest";
        await SeedTreeAsync(courier, new JsonObject { ["id"] = destination, ["name"] = "Partner inbox", ["children"] = new JsonArray() }, cancellationToken);
        var assets = new JsonArray();
        for (var r = 0; r < records; r++)
        {
            var source = $"{prefix}-r{r}";
            var children = new JsonArray();
            for (var f = 0; f < folders; f++)
            {
                var files = new JsonArray();
                for (var i = 0; i < filesPerFolder; i++) files.Add(new JsonObject { ["id"] = $"{source}-f{f}-{i}", ["name"] = $"clip-{i:D3}.mp4" });
                children.Add(new JsonObject { ["id"] = $"{source}-f{f}", ["name"] = $"cut {f:D2}", ["children"] = files });
            }

            await SeedTreeAsync(courier, new JsonObject { ["id"] = source, ["name"] = $"Campaign {r}", ["children"] = children }, cancellationToken);
            assets.Add(new JsonObject { ["id"] = $"rec{prefix}{r}", ["fields"] = new JsonObject { ["Name"] = $"asset {r}", ["Ready to Deliver (Webhook)"] = true, ["Source Folder ID"] = source, ["Delivery Batch ID"] = "B1" } });
        }

        (await courier.SandboxHttp.PostAsJsonAsync("_sandbox/airtable/bases", new JsonObject
        {
            ["baseId"] = baseId,
            ["token"] = token,
            ["tables"] = new JsonArray(
                new JsonObject { ["name"] = Assets, ["fieldTypes"] = AssetTypes(), ["records"] = assets },
                new JsonObject
                {
                    ["name"] = Batches,
                    ["fieldTypes"] = new JsonObject { ["Batch ID"] = "singleLineText", ["Destination Folder ID"] = "singleLineText" },
                    ["records"] = new JsonArray(new JsonObject { ["id"] = "recB1", ["fields"] = new JsonObject { ["Batch ID"] = "B1", ["Destination Folder ID"] = destination } }),
                }),
        }, cancellationToken)).EnsureSuccessStatusCode();
        foreach (var route in latency > TimeSpan.Zero ? DriveRoutes : [])
            await courier.Control.AddFaultAsync(new FaultSpec { Route = route, Kind = FaultKind.Latency, Delay = latency }, cancellationToken);

        var drive = DriveCalls(courier);
        var tokens = TokenCalls(courier);
        var clock = Stopwatch.StartNew();
        var report = (await courier.SendAsync(HttpMethod.Post, "/" + PartnerDeliveryJob.TwinRoute, TestSecrets.Deliveries, null, cancellationToken)).Ok("delivery twin").Json;
        var elapsed = clock.Elapsed;
        if (report.GetProperty("succeeded").GetInt32() != records) throw new InvalidOperationException($"delivery: {report.GetProperty("succeeded")} of {records} records delivered: {report}");
        drive = DriveCalls(courier) - drive;
        tokens = TokenCalls(courier) - tokens;

        var totalFiles = records * folders * filesPerFolder;
        var copies = (await courier.Control.GetLedgerAsync<DriveCall>(DriveEndpoints.LedgerName, cancellationToken)).Count(c => c.Route == DriveEndpoints.CopyKey && c.Status == 200);
        if (copies != totalFiles) throw new InvalidOperationException($"delivery: {copies} files copied, {totalFiles} expected");
        var parallelism = new PartnerDeliveryOptions().CopyParallelism;
        var perSecond = totalFiles / elapsed.TotalSeconds;
        var figures = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["delivery_records"] = records,
            ["delivery_folders"] = records * folders,
            ["delivery_files"] = totalFiles,
            ["delivery_latency_ms"] = latency.TotalMilliseconds,
            ["delivery_parallelism"] = parallelism,
            ["delivery_seconds"] = elapsed.TotalSeconds,
            ["delivery_files_per_s"] = perSecond,
            ["delivery_drive_calls"] = drive,
            ["delivery_drive_calls_per_file"] = (double)drive / totalFiles,
            ["delivery_token_calls"] = tokens,
        };
        if (latency > TimeSpan.Zero)
        {
            figures["delivery_files_per_s_ideal"] = parallelism / latency.TotalSeconds;
            figures["delivery_files_per_s_vs_ideal"] = perSecond / figures["delivery_files_per_s_ideal"];
        }

        return figures;
    }

    private static async Task SeedTreeAsync(BenchCourier courier, JsonObject root, CancellationToken cancellationToken) =>
        (await courier.SandboxHttp.PostAsJsonAsync("_sandbox/drive/tree", new JsonObject { ["parentId"] = SharedDrive, ["root"] = root }, cancellationToken)).EnsureSuccessStatusCode();

    private static JsonObject AssetTypes() => new()
    {
        ["Name"] = "singleLineText",
        ["Ready to Deliver (Webhook)"] = "checkbox",
        ["Delivered At"] = "dateTime",
        ["Delivered?"] = "checkbox",
        ["Delivered File URL"] = "url",
        ["Delivered Folder URL"] = "url",
        ["Delivery Status"] = "singleSelect",
        ["Delivery Error"] = "multilineText",
        ["Delivery Batch ID"] = "singleLineText",
        ["Source Folder ID"] = "singleLineText",
    };

    private static long DriveCalls(BenchCourier courier) => courier.ProviderCalls.Count(p => p.StartsWith("/drive/v3/files", StringComparison.Ordinal));

    private static long TokenCalls(BenchCourier courier) => courier.ProviderCalls.Count(p => p == "/token");
}
