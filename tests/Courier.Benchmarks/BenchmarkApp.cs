using System.Globalization;
using System.Text.Json;
using Courier.Benchmarks.Scenarios;
using Courier.TestUtils.Azurite;

namespace Courier.Benchmarks;

/// <summary>
/// Runs every scenario against one Azurite it starts itself and writes one JSON object of all their figures.
/// <c>--json &lt;file&gt;</c> writes it to a file (else stdout); <c>--quick</c> uses small sizes (what the test suite runs);
/// <c>--only &lt;scenario&gt;[,&lt;scenario&gt;…]</c> runs those. <c>--child &lt;scenario&gt; &lt;step&gt; …</c> is how a scenario measures a step in a fresh process.
/// </summary>
public static class BenchmarkApp
{
    /// <summary>Every scenario; a new benchmark is one more class here.</summary>
    public static IReadOnlyList<IBenchmarkScenario> Scenarios { get; } = [new ArtifactsScenario(), new ConversionsScenario(), new QueueHistoryScenario(), new WriteBackScenario(), new SocialScenario(), new PartnerDeliveryScenario(), new ColdStartScenario()];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--child")
        {
            var scenario = Scenarios.FirstOrDefault(s => s.Name == args[1]) ?? throw new ArgumentException($"no scenario '{args[1]}'");
            var figures = await scenario.RunChildAsync(args[2..], CancellationToken.None);
            Console.Out.WriteLine(JsonSerializer.Serialize(figures));
            return 0;
        }

        string? jsonPath = null;
        string? only = null;
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--json": jsonPath = args[++i]; break;
                case "--quick": quick = true; break;
                case "--only": only = args[++i]; break;
                default:
                    Console.Error.WriteLine($"unknown argument '{args[i]}'. Usage: [--quick] [--json <file>] [--only <{string.Join('|', Scenarios.Select(s => s.Name))}>[,…]]");
                    return 2;
            }
        }

        var connection = await AzuriteProcess.AcquireAsync();
        var results = new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["quick"] = quick,
            ["processor_count"] = Environment.ProcessorCount,
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        };
        try
        {
            var context = new BenchmarkContext(connection, quick, Console.Error);
            var chosen = only?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            foreach (var scenario in Scenarios.Where(s => chosen is null || chosen.Contains(s.Name)))
            {
                Console.Error.WriteLine($"== {scenario.Name}{(quick ? " (quick)" : "")}");
                foreach (var (key, value) in await scenario.RunAsync(context, CancellationToken.None)) results[key] = value;
            }
        }
        finally
        {
            await AzuriteProcess.ReleaseAsync();
        }

        var json = JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true });
        if (jsonPath is null) Console.Out.WriteLine(json);
        else
        {
            await File.WriteAllTextAsync(jsonPath, json + "\n");
            Console.Error.WriteLine("wrote " + Path.GetFullPath(jsonPath));
        }

        return 0;
    }

    /// <summary>Rounds a figure for the report.</summary>
    public static double Round(double value) => Math.Round(value, 1, MidpointRounding.AwayFromZero);

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
