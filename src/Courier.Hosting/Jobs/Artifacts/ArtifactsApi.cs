using System.Text.Json;
using Courier.Core.Errors;
using Courier.Core.Jobs.Artifacts;
using Courier.Core.Queue;
using Courier.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Jobs.Artifacts;

/// <summary>The artifacts API (API_SECRET): request a project's "Download All" archive, and look it up (with a download URL once READY).</summary>
public static class ArtifactsApi
{
    /// <summary>
    /// <c>POST /api/artifacts</c> <c>{"projectId","prefix"?}</c>: 202 with the PENDING artifact when this request queued a
    /// generation; 200 with the existing artifact when one of the same, unchanged media is PENDING, GENERATING or READY;
    /// 404 when nothing is stored under the project; 400 naming the bad field. Nothing is stored on a 400 or 404.
    /// </summary>
    public static async Task<IResult> CreateAsync(HttpContext context)
    {
        var queue = context.RequestServices.GetRequiredService<ArtifactsQueue>();
        using var body = await ReadJsonAsync(context.Request, context.RequestAborted);
        if (body is null) return Problems.InvalidFields([new Core.Validation.FieldError("$", "the body must be a JSON object")]);
        var (projectId, prefix, errors) = ArtifactSubmission.Parse(body.RootElement);
        if (errors.Count > 0) return Problems.InvalidFields(errors);

        ArtifactRequestResult result;
        try
        {
            result = await queue.RequestAsync(projectId!, prefix!, context.RequestAborted);
        }
        catch (ProviderException ex)
        {
            return StorageUnavailable(ex);
        }

        if (result.ProjectUnknown)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"no media is stored for project '{projectId}'");
        var view = await ViewAsync(context, result.Item!, withUrl: true);
        return Results.Json(view, statusCode: result.Queued ? StatusCodes.Status202Accepted : StatusCodes.Status200OK);
    }

    /// <summary><c>GET /api/artifacts/{id}</c>: status, file count and size; when READY a read-only download URL valid for <c>Artifacts:DownloadUrlLifetime</c>.</summary>
    public static async Task<IResult> GetAsync(HttpContext context)
    {
        var queue = context.RequestServices.GetRequiredService<ArtifactsQueue>();
        var id = context.Request.RouteValues["id"]?.ToString() ?? "";
        var item = id.Length is > 0 and <= 64 && QueueKeys.IsStorableId(id) ? await queue.GetAsync(id, context.RequestAborted) : null;
        if (item is null) return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"no artifact '{id}'");
        try
        {
            return Results.Json(await ViewAsync(context, item, withUrl: true));
        }
        catch (ProviderException ex)
        {
            return StorageUnavailable(ex);
        }
    }

    private static async Task<ArtifactView> ViewAsync(HttpContext context, QueueItem item, bool withUrl)
    {
        var payload = ArtifactsQueue.PayloadOf(item);
        var archive = ArtifactsQueue.ArchiveOf(item);
        var view = new ArtifactView(
            item.Id,
            ArtifactsQueue.StateNames[item.State],
            payload.ProjectId,
            payload.Prefix,
            archive?.FileCount ?? payload.FileCount,
            archive?.SourceBytes ?? payload.TotalBytes,
            item.Attempts,
            item.State is QueueState.Completed ? null : item.LastError,
            item.CreatedAt,
            item.UpdatedAt);
        if (archive is null || !withUrl) return view;

        var services = context.RequestServices;
        var lifetime = services.GetRequiredService<IOptions<ArtifactsOptions>>().Value.DownloadUrlLifetime;
        var expiresAt = services.GetRequiredService<TimeProvider>().GetUtcNow() + lifetime;
        var url = await services.GetRequiredService<IArchiveStore>().GetReadUrlAsync(archive.Blob, DownloadName(payload), expiresAt, context.RequestAborted);
        return view with { ZipBytes = archive.SizeBytes, GeneratedAt = archive.GeneratedAt, DownloadUrl = url.ToString(), ExpiresAt = expiresAt };
    }

    /// <summary>The file name a browser saves: the project (and folder) with characters unsafe in file names replaced.</summary>
    private static string DownloadName(ArtifactPayload payload)
    {
        var name = payload.Prefix.Length == 0 ? payload.ProjectId : payload.ProjectId + "-" + payload.Prefix.TrimEnd('/').Replace('/', '-');
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());
        return safe + ".zip";
    }

    private static IResult StorageUnavailable(ProviderException ex) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage unavailable", detail: ex.Error.ToString());

    private static async Task<JsonDocument?> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
