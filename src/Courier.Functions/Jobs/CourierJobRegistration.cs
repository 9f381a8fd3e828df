using Microsoft.AspNetCore.Routing;

namespace Courier.Functions.Jobs;

/// <summary>A job wired into the host: its catalog name, its processor type, and the extra HTTP routes it maps (producer and query APIs).</summary>
public sealed class CourierJobRegistration(string name, Type jobType)
{
    private readonly List<Action<IEndpointRouteBuilder>> _endpoints = [];

    /// <summary>The job's catalog name: its timer function's name, and the <c>IJob.Name</c> of its processor.</summary>
    public string Name { get; } = name;

    public Type JobType { get; } = jobType;

    public IReadOnlyList<Action<IEndpointRouteBuilder>> Endpoints => _endpoints;

    internal void AddEndpoints(Action<IEndpointRouteBuilder> map) => _endpoints.Add(map);
}
