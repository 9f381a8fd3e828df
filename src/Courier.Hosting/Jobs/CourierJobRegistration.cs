using Courier.Hosting.Catalog;
using Microsoft.AspNetCore.Http;

namespace Courier.Hosting.Jobs;

/// <summary>A job wired into the host: its descriptor, its processor type, and the handlers of its producer and query APIs.</summary>
public sealed class CourierJobRegistration(JobDescriptor descriptor, Type jobType)
{
    private readonly Dictionary<string, Func<HttpContext, Task<IResult>>> _apis = new(StringComparer.Ordinal);

    public JobDescriptor Descriptor { get; } = descriptor;

    /// <summary>The job's name: its timer function's name, and the <c>IJob.Name</c> of its processor.</summary>
    public string Name => Descriptor.Name;

    public Type JobType { get; } = jobType;

    /// <summary>The API handlers, by function name.</summary>
    public IReadOnlyDictionary<string, Func<HttpContext, Task<IResult>>> Apis => _apis;

    internal void AddApi(string function, Func<HttpContext, Task<IResult>> handler)
    {
        if (!Descriptor.Apis.Any(a => a.Name == function))
            throw new ArgumentException($"'{function}' is not an API of job '{Name}'; its APIs are: {string.Join(", ", Descriptor.Apis.Select(a => a.Name))}.", nameof(function));
        if (!_apis.TryAdd(function, handler)) throw new InvalidOperationException($"API '{function}' of job '{Name}' has two handlers.");
    }
}
