namespace Courier.Benchmarks;

/// <summary>One benchmark: prepares its data, measures (each isolated step in a child process of its own) and returns its named figures.</summary>
public interface IBenchmarkScenario
{
    /// <summary>The scenario's name (also its <c>--only</c> and <c>--child</c> name); its figures start with it.</summary>
    string Name { get; }

    /// <summary>Runs the scenario in the parent process and returns its figures by JSON key.</summary>
    Task<IReadOnlyDictionary<string, object>> RunAsync(BenchmarkContext context, CancellationToken cancellationToken);

    /// <summary>Runs one step in a fresh child process (arguments after <c>--child &lt;name&gt;</c>) and returns its measurements.</summary>
    Task<IReadOnlyDictionary<string, double>> RunChildAsync(string[] args, CancellationToken cancellationToken);
}
