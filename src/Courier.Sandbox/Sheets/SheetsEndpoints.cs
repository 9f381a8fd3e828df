using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Control;
using Courier.Sandbox.Google;
using Microsoft.AspNetCore.Http.Features;

namespace Courier.Sandbox.Sheets;

/// <summary>Stand-in of the Sheets v4 values API (batchUpdate, append, batchClear, get) and its control routes under <c>/_sandbox/sheets</c>.</summary>
public static class SheetsEndpoints
{
    public const string BatchUpdateKey = "sheets.batchUpdate";
    public const string AppendKey = "sheets.append";
    public const string BatchClearKey = "sheets.batchClear";
    public const string GetKey = "sheets.get";

    /// <summary>The ledger every values call is written to; each entry names its route key.</summary>
    public const string LedgerName = "sheets";

    /// <summary>Scopes that let a token use the values API.</summary>
    private static readonly string[] Scopes = ["https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive"];

    public static IServiceCollection AddSheets(this IServiceCollection services)
    {
        services.AddOptions<SheetsSandboxOptions>().BindConfiguration(SheetsSandboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SheetsState>();
        services.AddSingleton<ISandboxState>(sp => sp.GetRequiredService<SheetsState>());
        services.AddSandboxLedger<SheetsCall>(LedgerName);
        return services;
    }

    public static IEndpointRouteBuilder MapSheets(this IEndpointRouteBuilder app)
    {
        var faults = app.ServiceProvider.GetRequiredService<FaultInjector>();
        foreach (var key in new[] { BatchUpdateKey, AppendKey, BatchClearKey, GetKey })
        {
            faults.RegisterRoute(key, SheetsErrors.Default);
        }

        const string Values = "/v4/spreadsheets/{spreadsheetId}/values";
        app.MapPost(Values + ":batchUpdate", (HttpContext http, string spreadsheetId) => HandleAsync(http, BatchUpdateKey, spreadsheetId, null, Payload.Required));
        app.MapPost(Values + "/{range}:append", (HttpContext http, string spreadsheetId) => HandleAsync(http, AppendKey, spreadsheetId, PathRange(http, ":append"), Payload.Required));
        app.MapPost(Values + ":batchClear", (HttpContext http, string spreadsheetId) => HandleAsync(http, BatchClearKey, spreadsheetId, null, Payload.Required));
        app.MapGet(Values + "/{range}", (HttpContext http, string spreadsheetId) => HandleAsync(http, GetKey, spreadsheetId, PathRange(http, ""), Payload.None));

        var control = app.MapGroup($"{ControlEndpoints.Prefix}/sheets");
        control.MapPost("", Create);
        control.MapGet("/{spreadsheetId}", (string spreadsheetId, SheetsState state) =>
        {
            lock (state.Gate)
            {
                return state.Find(spreadsheetId) is { } book
                    ? Results.Json(SheetsOperations.View(book))
                    : Results.Problem($"No spreadsheet '{spreadsheetId}'.", statusCode: StatusCodes.Status404NotFound);
            }
        });
        control.MapPost("/quota", (SheetsQuotaRequest request, SheetsState state) =>
        {
            if (request.WriteRequestsPerMinutePerUser is not ( >= 1 and var limit))
            {
                return Results.Problem("writeRequestsPerMinutePerUser: must be at least 1.", statusCode: StatusCodes.Status400BadRequest);
            }

            state.WriteLimit = limit;
            return Results.Json(new { writeRequestsPerMinutePerUser = limit });
        });
        return app;
    }

    private enum Payload
    {
        None,
        Required,
    }

    private static IResult Create(CreateSpreadsheetRequest request, SheetsState state)
    {
        var sheets = request.Sheets is { Count: > 0 } given ? given : [new CreateSheetRequest("Sheet1", null, null, null)];
        if (sheets.Any(s => string.IsNullOrEmpty(s.Title)) || sheets.DistinctBy(s => s.Title!.ToUpperInvariant()).Count() != sheets.Count)
        {
            return Results.Problem("sheets: each sheet needs a title, unique regardless of case.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (sheets.Any(s => s.RowCount is < 1 || s.ColumnCount is < 1))
        {
            return Results.Problem("sheets: rowCount and columnCount must be at least 1.", statusCode: StatusCodes.Status400BadRequest);
        }

        var grids = sheets.Select(s =>
        {
            var grid = new SheetGrid(s.Title!, s.RowCount ?? 1000, s.ColumnCount ?? 26);
            for (var c = 0; c < (s.Header?.Count ?? 0); c++)
            {
                grid.Set(1, c + 1, JsonValue.Create(s.Header![c]));
            }

            return grid;
        }).ToList();

        var book = new Spreadsheet(request.SpreadsheetId ?? "sheet-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), grids);
        if (!state.Add(book))
        {
            return Results.Problem($"spreadsheetId: '{book.Id}' already exists.", statusCode: StatusCodes.Status409Conflict);
        }

        lock (state.Gate)
        {
            return Results.Json(SheetsOperations.View(book), statusCode: StatusCodes.Status201Created);
        }
    }

    /// <summary>
    /// The range as sent, read from the raw request target and decoded once, so <c>%27Bob%27%27s%27%21A1</c> is <c>'Bob''s'!A1</c>
    /// and an encoded slash or percent in a title survives (the routed path leaves <c>%2F</c> encoded).
    /// </summary>
    private static string PathRange(HttpContext http, string suffix)
    {
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? raw[..query] : raw;
        var start = path.IndexOf("/values/", StringComparison.Ordinal) + "/values/".Length;
        var encoded = path[start..];
        if (suffix.Length > 0 && encoded.EndsWith(suffix, StringComparison.Ordinal))
        {
            encoded = encoded[..^suffix.Length];
        }

        return Uri.UnescapeDataString(encoded);
    }

    private static async Task<IResult> HandleAsync(HttpContext http, string route, string spreadsheetId, string? pathRange, Payload payload)
    {
        var services = http.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        var state = services.GetRequiredService<SheetsState>();
        var tokens = services.GetRequiredService<GoogleOAuthState>();
        var ledger = services.GetRequiredService<Ledger<SheetsCall>>();
        var faults = services.GetRequiredService<FaultInjector>();
        var receivedAt = time.GetUtcNow();

        JsonNode? body = null;
        var syntaxError = false;
        if (payload == Payload.Required)
        {
            try
            {
                body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            }
            catch (JsonException)
            {
                syntaxError = true;
            }
        }

        var query = http.Request.Query;
        var valueInputOption = route == AppendKey ? query["valueInputOption"].FirstOrDefault() : SheetsRequestSchema.Text(body as JsonObject, "valueInputOption", "value_input_option");
        var insertDataOption = route == AppendKey ? query["insertDataOption"].FirstOrDefault() : null;
        var requested = RequestedRanges(route, pathRange, body);
        var authorization = http.Request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? tokens.Find(authorization["Bearer ".Length..].Trim()) : null;

        void Record(int status, string? error, IReadOnlyList<string> updated, int rows, string? fault) => ledger.Add(seq => new SheetsCall(
            seq, receivedAt, route, spreadsheetId, token?.Principal, valueInputOption, insertDataOption, requested, updated, rows, status, error, fault));

        var fault = faults.Next(route, http.Request.Path.Value);
        if (fault is not null)
        {
            await fault.DelayIfLatencyAsync(http.RequestAborted);
            if (fault.ShortCircuits)
            {
                Record(fault.Spec.Kind == FaultKind.Status ? fault.Spec.Status : 0, null, [], 0, fault.Label);
                return await fault.RespondAsync(http);
            }
        }

        SheetsOutcome outcome;
        lock (state.Gate)
        {
            outcome = Authenticate(authorization, token)
                ?? (route != GetKey && !state.TryCountWrite(token!.Principal) ? SheetsOutcome.Failure(SheetsErrors.QuotaExceeded(state.WriteLimit)) : null)
                ?? (state.Find(spreadsheetId) is null ? SheetsOutcome.Failure(SheetsErrors.NotFound()) : null)
                ?? CheckPayload(route, syntaxError, body)
                ?? Run(route, state.Find(spreadsheetId)!, pathRange, body as JsonObject, valueInputOption, insertDataOption, query);
        }

        Record(outcome.Status, outcome.Error, outcome.UpdatedRanges, outcome.Rows, fault?.Label);
        return fault is { ReplacesResponse: true }
            ? await fault.RespondAsync(http)
            : Results.Json(outcome.Body, statusCode: outcome.Status);
    }

    private static SheetsOutcome Run(
        string route, Spreadsheet book, string? pathRange, JsonObject? body, string? valueInputOption, string? insertDataOption, IQueryCollection query) => route switch
    {
        BatchUpdateKey => SheetsOperations.BatchUpdate(book, body!),
        AppendKey => SheetsOperations.Append(book, pathRange!, body!, valueInputOption, insertDataOption),
        BatchClearKey => SheetsOperations.BatchClear(book, body!),
        _ => SheetsOperations.Get(book, pathRange!, query["valueRenderOption"].FirstOrDefault(), query["majorDimension"].FirstOrDefault()),
    };

    private static SheetsOutcome? Authenticate(string authorization, IssuedToken? token)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return SheetsOutcome.Failure(SheetsErrors.MissingCredentials());
        }

        if (token is null)
        {
            return SheetsOutcome.Failure(SheetsErrors.InvalidCredentials());
        }

        return Scopes.Any(token.HasScope) ? null : SheetsOutcome.Failure(SheetsErrors.InsufficientScopes());
    }

    private static SheetsOutcome? CheckPayload(string route, bool syntaxError, JsonNode? body)
    {
        IReadOnlyList<(string? Field, string Description)> violations = syntaxError
            ? [(null, "Invalid JSON payload received. Unexpected token.")]
            : route switch
            {
                BatchUpdateKey => SheetsRequestSchema.CheckBatchUpdate(body),
                AppendKey => SheetsRequestSchema.CheckValueRange(body),
                BatchClearKey => SheetsRequestSchema.CheckBatchClear(body),
                _ => [],
            };
        return violations.Count == 0 ? null : SheetsOutcome.Failure(SheetsErrors.InvalidPayload(violations));
    }

    private static List<string> RequestedRanges(string route, string? pathRange, JsonNode? body) => route switch
    {
        BatchUpdateKey => [.. (body?["data"] as JsonArray ?? []).Select(d => (d as JsonObject)?["range"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "")],
        BatchClearKey => [.. (body?["ranges"] as JsonArray ?? []).Select(r => r is JsonValue v && v.TryGetValue<string>(out var s) ? s : "")],
        _ => pathRange is null ? [] : [pathRange],
    };
}
