using Azure.Core;
using Azure.Core.Pipeline;

namespace Courier.Reliability.Tests.Support;

/// <summary>
/// An Azure.Core pipeline policy on the host's Table and Blob clients (per call, so outside the SDK's own retries), as
/// <c>tests/Courier.Benchmarks/Support/StorageCounter.cs</c> hooks in. Counts writes: POST, PUT, PATCH, MERGE, DELETE on an
/// entity or blob and each <c>$batch</c> (one write). Creating a table or a container is not counted: a restarted host makes
/// those again, and they change no state a job relies on.
/// </summary>
public sealed class CrashStoragePolicy(CrashSwitch power) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var what = Describe(message.Request);
        var dieAfter = power.Before(CrashTarget.StorageWrite, IsWrite(message.Request), what);
        ProcessNext(message, pipeline);
        if (dieAfter) power.After(what + " (answered)");
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        var what = Describe(message.Request);
        var dieAfter = power.Before(CrashTarget.StorageWrite, IsWrite(message.Request), what);
        await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        if (dieAfter) power.After(what + " (answered)");
    }

    public static bool IsWrite(Request request)
    {
        var method = request.Method;
        if (method == RequestMethod.Get || method == RequestMethod.Head) return false;
        var path = request.Uri.Path;
        if (path.EndsWith("/$batch", StringComparison.Ordinal)) return true;
        // Table creation (POST /Tables) and container creation (restype=container) are not state a job writes.
        if (path.EndsWith("/Tables", StringComparison.Ordinal) || path.Contains("/Tables(", StringComparison.Ordinal)) return false;
        if (request.Uri.Query.Contains("restype=container", StringComparison.Ordinal)) return false;
        return method == RequestMethod.Post || method == RequestMethod.Put || method == RequestMethod.Patch || method == RequestMethod.Delete || method.Method == "MERGE";
    }

    private static string Describe(Request request) => $"storage {request.Method.Method} {request.Uri.Path}";
}
