using YamlDotNet.RepresentationModel;

namespace Courier.Deploy.Tests.Support;

/// <summary>One step of azure-pipelines.yml: a <c>script</c>, a <c>task</c> with inputs, or a <c>download</c>.</summary>
internal sealed record PipelineStep(string? Stage, string? Job, YamlMappingNode Node)
{
    public string? Script => PipelineDefinition.Scalar(Node, "script")?.Trim();

    public string? Task => PipelineDefinition.Scalar(Node, "task");

    public string? Input(string name) =>
        Node.Children.TryGetValue("inputs", out var inputs) && inputs is YamlMappingNode map ? PipelineDefinition.Scalar(map, name) : null;

    public string? Env(string name) =>
        Node.Children.TryGetValue("env", out var env) && env is YamlMappingNode map ? PipelineDefinition.Scalar(map, name) : null;

    public override string ToString() => $"{Stage}/{Job}: {Task ?? Script ?? "step"}";
}
