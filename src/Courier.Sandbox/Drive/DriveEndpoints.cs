using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Control;
using Courier.Sandbox.Google;

namespace Courier.Sandbox.Drive;

/// <summary>Stand-in of Drive v3 <c>files</c> (list with <c>q</c>, get, create of folders and shortcuts, copy) and its control routes under <c>/_sandbox/drive</c>.</summary>
public static class DriveEndpoints
{
    public const string ListKey = "drive.list";
    public const string GetKey = "drive.get";
    public const string CreateKey = "drive.create";
    public const string CopyKey = "drive.copy";

    /// <summary>The ledger creates and copies are written to.</summary>
    public const string LedgerName = "drive";

    public const string ShortcutMimeType = "application/vnd.google-apps.shortcut";

    public const int MaxPageSize = 1000;

    private static readonly string[] Scopes = ["https://www.googleapis.com/auth/drive"];

    public static IServiceCollection AddDrive(this IServiceCollection services)
    {
        services.AddSingleton<DriveState>();
        services.AddSingleton<ISandboxState>(sp => sp.GetRequiredService<DriveState>());
        services.AddSandboxLedger<DriveCall>(LedgerName);
        return services;
    }

    public static IEndpointRouteBuilder MapDrive(this IEndpointRouteBuilder app)
    {
        var faults = app.ServiceProvider.GetRequiredService<FaultInjector>();
        foreach (var key in new[] { ListKey, GetKey, CreateKey, CopyKey })
        {
            faults.RegisterRoute(key, DriveErrors.Default);
        }

        app.MapGet("/drive/v3/files", (Delegate)((HttpContext http) => HandleAsync(http, ListKey, null)));
        app.MapGet("/drive/v3/files/{fileId}", (HttpContext http, string fileId) => HandleAsync(http, GetKey, fileId));
        app.MapPost("/drive/v3/files", (Delegate)((HttpContext http) => HandleAsync(http, CreateKey, null)));
        app.MapPost("/drive/v3/files/{fileId}/copy", (HttpContext http, string fileId) => HandleAsync(http, CopyKey, fileId));

        var control = app.MapGroup($"{ControlEndpoints.Prefix}/drive");
        control.MapPost("/drives", (DriveSeedDrive request, DriveState state) =>
        {
            var id = request.Id ?? "0A" + DriveState.NewId()[..17];
            return state.AddDrive(id, request.Name ?? "Shared drive")
                ? Results.Json(new { id, name = request.Name ?? "Shared drive" }, statusCode: StatusCodes.Status201Created)
                : Results.Problem($"id: '{id}' already exists.", statusCode: StatusCodes.Status409Conflict);
        });
        control.MapPost("/tree", SeedTree);
        control.MapGet("/tree/{fileId}", (string fileId, DriveState state) =>
        {
            lock (state.Gate)
            {
                return state.Find(fileId) is { } root
                    ? Results.Json(Tree(state, root))
                    : Results.Problem($"No item '{fileId}'.", statusCode: StatusCodes.Status404NotFound);
            }
        });
        control.MapGet("/files", (DriveState state) =>
        {
            lock (state.Gate)
            {
                return Results.Json(new JsonObject { ["files"] = new JsonArray([.. state.All().Select(f => (JsonNode)f.ToJson())]) });
            }
        });
        return app;
    }

    private static IResult SeedTree(DriveSeedTree request, DriveState state)
    {
        if (request.Root is null)
        {
            return Results.Problem("root: required.", statusCode: StatusCodes.Status400BadRequest);
        }

        lock (state.Gate)
        {
            DriveFile? parent = null;
            if (request.ParentId is { } parentId && (parent = state.Find(parentId)) is not { IsFolder: true })
            {
                return Results.Problem($"parentId: no folder '{parentId}'.", statusCode: StatusCodes.Status400BadRequest);
            }

            var root = Add(request.Root, parent);
            return root is null
                ? Results.Problem("An id in the tree is taken, or a node has no name.", statusCode: StatusCodes.Status409Conflict)
                : Results.Json(Tree(state, root), statusCode: StatusCodes.Status201Created);
        }

        DriveFile? Add(DriveSeedNode node, DriveFile? parent)
        {
            if (string.IsNullOrEmpty(node.Name))
            {
                return null;
            }

            var target = node.ShortcutTargetId is { } t ? state.Find(t) : null;
            var mime = node.MimeType ?? (node.Children is not null ? DriveErrors.FolderMimeType : target is not null ? ShortcutMimeType : "application/octet-stream");
            var file = state.Add(node.Id, node.Name, mime, parent, node.AppProperties, target?.Id, target?.MimeType, node.CanAddChildren ?? true);
            if (file is null)
            {
                return null;
            }

            foreach (var child in node.Children ?? [])
            {
                if (Add(child, file) is null)
                {
                    return null;
                }
            }

            return file;
        }
    }

    /// <summary>The nested view of the control API: each item's JSON with its children.</summary>
    private static JsonObject Tree(DriveState state, DriveFile root)
    {
        var json = root.ToJson();
        if (root.IsFolder)
        {
            json["children"] = new JsonArray([.. state.All().Where(f => f.ParentId == root.Id).Select(f => (JsonNode)Tree(state, f))]);
        }

        return json;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, string route, string? fileId)
    {
        var services = http.RequestServices;
        var state = services.GetRequiredService<DriveState>();
        var tokens = services.GetRequiredService<GoogleOAuthState>();
        var ledger = services.GetRequiredService<Ledger<DriveCall>>();
        var faults = services.GetRequiredService<FaultInjector>();
        var receivedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var query = http.Request.Query;

        JsonObject? body = null;
        var syntaxError = false;
        if (route is CreateKey or CopyKey && (http.Request.ContentLength is null or > 0))
        {
            try
            {
                body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
                syntaxError = body is null;
            }
            catch (JsonException)
            {
                syntaxError = true;
            }
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? tokens.Find(authorization["Bearer ".Length..].Trim()) : null;
        var requestedParent = (body?["parents"] as JsonArray)?.FirstOrDefault()?.ToString();
        var requestedApp = body?["appProperties"] is JsonObject props ? props.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "") : null;
        var requestedName = body?["name"]?.ToString();

        void Record(int status, string? error, DriveFile? made, string? fault)
        {
            if (route is CreateKey or CopyKey)
            {
                ledger.Add(seq => new DriveCall(
                    seq, receivedAt, route, made?.Id, route == CopyKey ? fileId : null, made?.Name ?? requestedName, made?.MimeType ?? body?["mimeType"]?.ToString(),
                    made?.ParentId ?? requestedParent, made is null ? requestedApp : new Dictionary<string, string>(made.AppProperties), token?.Principal, status, error, fault));
            }
        }

        var fault = faults.Next(route, http.Request.Path.Value);
        if (fault is not null)
        {
            await fault.DelayIfLatencyAsync(http.RequestAborted);
            if (fault.ShortCircuits)
            {
                var isStatus = fault.Spec.Kind == FaultKind.Status;
                Record(isStatus ? fault.Spec.Status : 0, isStatus ? Reason(fault.Spec.Body ?? DriveErrors.Default(fault.Spec.Status)) : null, null, fault.Label);
                return await fault.RespondAsync(http);
            }
        }

        (int Status, JsonObject Body, DriveFile? Made) outcome;
        lock (state.Gate)
        {
            outcome = Authenticate(authorization, token) ?? CheckFields(route, query) ?? (syntaxError
                ? (400, DriveErrors.Body(400, "parseError", "Parse Error"), null)
                : route switch
                {
                    ListKey => List(state, query),
                    GetKey => Get(state, query, fileId!),
                    CreateKey => Create(state, query, body ?? []),
                    _ => Copy(state, query, fileId!, body ?? []),
                });
        }

        Record(outcome.Status, Reason(outcome.Body), outcome.Made, fault?.Label);
        return fault is { ReplacesResponse: true } ? await fault.RespondAsync(http) : Results.Json(outcome.Body, statusCode: outcome.Status);
    }

    private static (int, JsonObject, DriveFile?)? Authenticate(string authorization, Google.IssuedToken? token)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || token is null)
        {
            return (401, DriveErrors.Body(401, "authError", "Invalid Credentials", "Authorization", "header"), null);
        }

        return Scopes.Any(token.HasScope) ? null : (403, DriveErrors.Body(403, "insufficientPermissions"), null);
    }

    private static bool Flag(IQueryCollection query, string name) => string.Equals(query[name].FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>A shared-drive item is invisible to a call without <c>supportsAllDrives=true</c>: Drive answers notFound.</summary>
    private static DriveFile? Visible(DriveState state, IQueryCollection query, string id) =>
        state.Find(id) is { } file && (file.DriveId is null || Flag(query, "supportsAllDrives")) ? file : null;

    private static (int, JsonObject, DriveFile?) List(DriveState state, IQueryCollection query)
    {
        var allDrives = Flag(query, "includeItemsFromAllDrives");
        if (allDrives && !Flag(query, "supportsAllDrives"))
        {
            return (403, DriveErrors.Body(403, "teamDrivesParameterRequired",
                "The includeItemsFromAllDrives parameter can only be set to true when supportsAllDrives is also set to true.", "includeItemsFromAllDrives"), null);
        }

        var corpora = query["corpora"].FirstOrDefault();
        var driveId = query["driveId"].FirstOrDefault();
        if ((corpora == "drive") != (driveId is not null))
        {
            return (400, DriveErrors.Invalid("The driveId parameter must be specified if and only if corpora is set to drive.", "driveId"), null);
        }

        if (corpora == "drive" && !allDrives)
        {
            return (403, DriveErrors.Body(403, "teamDriveItemsRequired",
                "The includeItemsFromAllDrives parameter must be set to true when the corpora parameter is set to drive.", "includeItemsFromAllDrives"), null);
        }

        DriveFields fields;
        DriveQuery q;
        try
        {
            fields = DriveFields.Parse(query["fields"].FirstOrDefault(), list: true);
        }
        catch (FormatException e)
        {
            return (400, DriveErrors.Body(400, "invalidParameter", e.Message, "fields"), null);
        }

        try
        {
            q = DriveQuery.Parse(query["q"].FirstOrDefault());
        }
        catch (FormatException)
        {
            return (400, DriveErrors.Invalid("Invalid Value", "q"), null);
        }

        var pageSize = 100;
        if (query["pageSize"].FirstOrDefault() is { } sizeText
            && (!int.TryParse(sizeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return (400, DriveErrors.Invalid($"Invalid value '{sizeText}'. Values must be within the range: [1, {MaxPageSize}]", "pageSize"), null);
        }

        List<string> ids;
        if (query["pageToken"].FirstOrDefault() is { Length: > 0 } pageToken)
        {
            if (state.TakePage(pageToken) is not { } rest)
            {
                return (400, DriveErrors.Invalid("Invalid Value", "pageToken"), null);
            }

            ids = [.. rest];
        }
        else
        {
            ids = [.. state.All()
                .Where(f => f.DriveId is null || allDrives)
                .Where(f => driveId is null || f.DriveId == driveId)
                .Where(f => f.Id != f.DriveId) // a shared drive's root is not listed as an item
                .Where(q.Matches)
                .Select(f => f.Id)];
        }

        var page = ids.Take(pageSize).Select(state.Find).OfType<DriveFile>().ToList();
        var remaining = ids.Skip(pageSize).ToList();
        return (200, fields.ProjectList(page, remaining.Count > 0 ? state.SavePage(remaining) : null), null);
    }

    private static (int, JsonObject, DriveFile?) Get(DriveState state, IQueryCollection query, string fileId)
    {
        if (Visible(state, query, fileId) is not { } file)
        {
            return (404, DriveErrors.NotFound(fileId), null);
        }

        return Project(query, file, 200, made: false);
    }

    private static (int, JsonObject, DriveFile?) Create(DriveState state, IQueryCollection query, JsonObject body)
    {
        var mime = body["mimeType"]?.ToString() ?? "application/octet-stream";
        var (parent, refusal) = Parent(state, query, body, fallback: null);
        if (refusal is not null)
        {
            return (refusal["error"]!["code"]!.GetValue<int>(), refusal, null);
        }

        DriveFile? target = null;
        if (mime == ShortcutMimeType)
        {
            var targetId = body["shortcutDetails"]?["targetId"]?.ToString();
            if (targetId is null || (target = Visible(state, query, targetId)) is null)
            {
                return (400, DriveErrors.Body(400, "shortcutTargetInvalid", "The shortcut target is invalid.", "shortcutDetails.targetId", "other"), null);
            }
        }

        var made = state.Add(null, body["name"]?.ToString() ?? "Untitled", mime, parent, AppProperties(body), target?.Id, target?.MimeType);
        return Project(query, made!, 200, made: true);
    }

    private static (int, JsonObject, DriveFile?) Copy(DriveState state, IQueryCollection query, string fileId, JsonObject body)
    {
        if (Visible(state, query, fileId) is not { } source)
        {
            return (404, DriveErrors.NotFound(fileId), null);
        }

        if (source.IsFolder)
        {
            return (403, DriveErrors.Body(403, "cannotCopyFile"), null);
        }

        var (parent, refusal) = Parent(state, query, body, fallback: source.ParentId is { } p ? state.Find(p) : null);
        if (refusal is not null)
        {
            return (refusal["error"]!["code"]!.GetValue<int>(), refusal, null);
        }

        // appProperties of a copy: the source's, with the request's merged over them (patch semantics).
        var properties = new Dictionary<string, string>(source.AppProperties, StringComparer.Ordinal);
        foreach (var (key, value) in AppProperties(body) ?? [])
        {
            properties[key] = value;
        }

        var made = state.Add(null, body["name"]?.ToString() ?? $"Copy of {source.Name}", source.MimeType, parent, properties, source.ShortcutTargetId, source.ShortcutTargetMimeType);
        return Project(query, made!, 200, made: true);
    }

    /// <summary>The one parent a create or copy names (Drive refuses more), checked for existence, access and folder-ness.</summary>
    private static (DriveFile? Parent, JsonObject? Refusal) Parent(DriveState state, IQueryCollection query, JsonObject body, DriveFile? fallback)
    {
        var parents = body["parents"] as JsonArray;
        if (parents is { Count: > 1 })
        {
            return (null, DriveErrors.Body(403, "cannotAddParent", "Increasing the number of parents is not allowed."));
        }

        if (parents is not { Count: 1 })
        {
            return (fallback, fallback is { CanAddChildren: false } ? DriveErrors.Body(403, "insufficientFilePermissions") : null);
        }

        var id = parents[0]?.ToString() ?? "";
        if (Visible(state, query, id) is not { } parent)
        {
            return (null, DriveErrors.NotFound(id));
        }

        if (!parent.IsFolder)
        {
            return (null, DriveErrors.Body(400, "invalidParent", $"The specified parent is not a folder: {id}."));
        }

        return parent.CanAddChildren ? (parent, null) : (null, DriveErrors.Body(403, "insufficientFilePermissions"));
    }

    private static Dictionary<string, string>? AppProperties(JsonObject body) =>
        body["appProperties"] is JsonObject props ? props.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "", StringComparer.Ordinal) : null;

    private static (int, JsonObject, DriveFile?) Project(IQueryCollection query, DriveFile file, int status, bool made) =>
        (status, DriveFields.Parse(query["fields"].FirstOrDefault(), list: false).Project(file), made ? file : null);

    /// <summary>Drive checks a selection before acting, so a create with a bad one makes nothing.</summary>
    private static (int, JsonObject, DriveFile?)? CheckFields(string route, IQueryCollection query)
    {
        if (route == ListKey)
        {
            return null;
        }

        try
        {
            DriveFields.Parse(query["fields"].FirstOrDefault(), list: false);
            return null;
        }
        catch (FormatException e)
        {
            return (400, DriveErrors.Body(400, "invalidParameter", e.Message, "fields"), null);
        }
    }

    private static string? Reason(JsonNode? body) => body?["error"]?["errors"]?[0]?["reason"]?.ToString();
}
