using Courier.TestUtils.Repository;
using YamlDotNet.RepresentationModel;

namespace Courier.Deploy.Tests.Support;

/// <summary>azure-pipelines.yml read with YamlDotNet: its variables and every step of every job (deployment jobs included).</summary>
internal sealed class PipelineDefinition
{
    public const string FileName = "azure-pipelines.yml";

    private PipelineDefinition(YamlMappingNode root) => Root = root;

    public YamlMappingNode Root { get; }

    public static PipelineDefinition Load()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepoRoot.Path, FileName))) stream.Load(reader);
        return new PipelineDefinition((YamlMappingNode)stream.Documents.Single().RootNode);
    }

    /// <summary>Top-level variables (the mapping form).</summary>
    public IReadOnlyDictionary<string, string> Variables =>
        ((YamlMappingNode)Root["variables"]).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (p.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal);

    public IReadOnlyList<PipelineStep> Steps =>
        Sequence(Root, "stages").OfType<YamlMappingNode>().SelectMany(stage =>
            Sequence(stage, "jobs").OfType<YamlMappingNode>().SelectMany(job =>
                JobSteps(job).Select(step => new PipelineStep(Scalar(stage, "stage"), Scalar(job, "job") ?? Scalar(job, "deployment"), step)))).ToList();

    public IReadOnlyList<YamlMappingNode> Stages => Sequence(Root, "stages").OfType<YamlMappingNode>().ToList();

    private static IEnumerable<YamlMappingNode> JobSteps(YamlMappingNode job)
    {
        var steps = Sequence(job, "steps");
        if (job.Children.TryGetValue("strategy", out var strategy) && strategy is YamlMappingNode s &&
            s.Children.TryGetValue("runOnce", out var runOnce) && runOnce is YamlMappingNode r &&
            r.Children.TryGetValue("deploy", out var deploy) && deploy is YamlMappingNode d)
        {
            steps = steps.Concat(Sequence(d, "steps"));
        }

        return steps.OfType<YamlMappingNode>();
    }

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlSequenceNode sequence ? sequence.Children : [];

    internal static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}
