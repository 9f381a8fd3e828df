using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Courier.Sandbox.Control;

namespace Courier.Sandbox.Airtable;

/// <summary>Stand-in of Airtable's records API (list with <c>filterByFormula</c>, <c>fields[]</c> and offset paging; PATCH of ≤10) and its control routes.</summary>
public static class AirtableEndpoints
{
    public const string ListKey = "airtable.list";
    public const string UpdateKey = "airtable.update";

    /// <summary>The ledger every records call is written to; each entry names its route key.</summary>
    public const string LedgerName = "airtable";

    public const int MaxPageSize = 100;
    public const int MaxUpdate = 10;

    public static IServiceCollection AddAirtable(this IServiceCollection services)
    {
        services.AddOptions<AirtableSandboxOptions>().BindConfiguration(AirtableSandboxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AirtableState>();
        services.AddSingleton<ISandboxState>(sp => sp.GetRequiredService<AirtableState>());
        services.AddSandboxLedger<AirtableCall>(LedgerName);
        return services;
    }

    public static IEndpointRouteBuilder MapAirtable(this IEndpointRouteBuilder app)
    {
        var faults = app.ServiceProvider.GetRequiredService<FaultInjector>();
        faults.RegisterRoute(ListKey, AirtableErrors.Default);
        faults.RegisterRoute(UpdateKey, AirtableErrors.Default);

        // Airtable's own JS client sends PATCH /v0/{base}/{table}/? — routing ignores the trailing slash and the empty query.
        app.MapGet("/v0/{baseId}/{table}", (HttpContext http, string baseId, string table) => HandleAsync(http, ListKey, baseId, table, fromBody: false));
        app.MapPost("/v0/{baseId}/{table}/listRecords", (HttpContext http, string baseId, string table) => HandleAsync(http, ListKey, baseId, table, fromBody: true));
        app.MapMethods("/v0/{baseId}/{table}", ["PATCH"], (HttpContext http, string baseId, string table) => HandleAsync(http, UpdateKey, baseId, table, fromBody: true));

        var control = app.MapGroup($"{ControlEndpoints.Prefix}/airtable");
        control.MapPost("/bases", Seed);
        control.MapGet("/bases/{baseId}/tables/{table}/records", (string baseId, string table, AirtableState state) =>
        {
            lock (state.Gate)
            {
                return state.FindTable(baseId, table) is { } found
                    ? Results.Json(new JsonObject { ["records"] = new JsonArray([.. found.Records.Select(r => (JsonNode)r.ToJson(null))]) })
                    : Results.Problem($"No table '{table}' in base '{baseId}'.", statusCode: StatusCodes.Status404NotFound);
            }
        });
        control.MapPost("/bases/{baseId}/tables/{table}/records", (string baseId, string table, AirtableSeedTable body, AirtableState state, TimeProvider time) =>
        {
            lock (state.Gate)
            {
                if (state.FindTable(baseId, table) is not { } found)
                {
                    return Results.Problem($"No table '{table}' in base '{baseId}'.", statusCode: StatusCodes.Status404NotFound);
                }

                var added = AddRecords(found, body.Records ?? [], time.GetUtcNow());
                return Results.Json(new { records = added }, statusCode: StatusCodes.Status201Created);
            }
        });
        control.MapPost("/quota", (AirtableQuotaRequest request, AirtableState state) =>
        {
            var (limit, penalty) = state.Quota;
            if (request.RequestsPerSecondPerBase is < 1 || request.Penalty < TimeSpan.Zero)
            {
                return Results.Problem("requestsPerSecondPerBase must be at least 1 and penalty not negative.", statusCode: StatusCodes.Status400BadRequest);
            }

            state.Quota = (request.RequestsPerSecondPerBase ?? limit, request.Penalty ?? penalty);
            return Results.Json(new { requestsPerSecondPerBase = state.Quota.Limit, penalty = state.Quota.Penalty });
        });
        return app;
    }

    private static IResult Seed(AirtableSeedRequest request, AirtableState state, TimeProvider time)
    {
        if (string.IsNullOrEmpty(request.BaseId) || string.IsNullOrEmpty(request.Token))
        {
            return Results.Problem("baseId and token are required.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (request.Tables is null || request.Tables.Any(t => string.IsNullOrEmpty(t.Name)))
        {
            return Results.Problem("tables: each table needs a name.", statusCode: StatusCodes.Status400BadRequest);
        }

        var now = time.GetUtcNow();
        var tables = request.Tables.Select(t =>
        {
            var table = new AirtableTable(t.Id ?? AirtableState.NewId("tbl"), t.Name!, t.FieldTypes);
            AddRecords(table, t.Records ?? [], now);
            return table;
        }).ToList();
        state.Seed(request.BaseId, request.Token, tables);
        return Results.Json(
            new { baseId = request.BaseId, tables = tables.Select(t => new { name = t.Name, id = t.Id, records = t.Records.Select(r => r.Id) }) },
            statusCode: StatusCodes.Status201Created);
    }

    private static List<string> AddRecords(AirtableTable table, IReadOnlyList<AirtableSeedRecord> records, DateTimeOffset now)
    {
        var ids = new List<string>();
        foreach (var seed in records)
        {
            var record = new AirtableRecord(seed.Id ?? AirtableState.NewId("rec"), now, new Dictionary<string, JsonNode?>(StringComparer.Ordinal));
            foreach (var (name, value) in seed.Fields ?? [])
            {
                record.Set(name, value);
            }

            table.Records.RemoveAll(r => r.Id == record.Id);
            table.Records.Add(record);
            ids.Add(record.Id);
        }

        return ids;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, string route, string baseId, string tableName, bool fromBody)
    {
        var services = http.RequestServices;
        var state = services.GetRequiredService<AirtableState>();
        var ledger = services.GetRequiredService<Ledger<AirtableCall>>();
        var faults = services.GetRequiredService<FaultInjector>();
        var receivedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();

        JsonObject? body = null;
        var syntaxError = false;
        if (fromBody)
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

        var request = route == ListKey ? ListRequest.From(http.Request.Query, body) : null;
        var sentIds = route == UpdateKey ? (body?["records"] as JsonArray ?? []).Select(r => (r as JsonObject)?["id"]?.ToString() ?? "").ToList() : [];
        Dictionary<string, Dictionary<string, JsonNode?>>? writes = null;

        void Record(int status, string? error, IReadOnlyList<string> ids, string? fault) =>
            ledger.Add(seq => new AirtableCall(seq, receivedAt, route, baseId, tableName, request?.Formula, ids, writes, status, error, fault));

        var fault = faults.Next(route, http.Request.Path.Value);
        if (fault is not null)
        {
            await fault.DelayIfLatencyAsync(http.RequestAborted);
            if (fault.ShortCircuits)
            {
                Record(fault.Spec.Kind == FaultKind.Status ? fault.Spec.Status : 0, null, sentIds, fault.Label);
                return await fault.RespondAsync(http);
            }
        }

        (int Status, JsonObject Body, IReadOnlyList<string> Ids) outcome;
        lock (state.Gate)
        {
            var authorization = http.Request.Headers.Authorization.ToString();
            var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..].Trim() : null;
            var allowed = token is null ? null : state.TokenAllows(token, baseId);
            var table = state.FindTable(baseId, tableName);
            if (allowed is null)
            {
                outcome = (401, AirtableErrors.AuthenticationRequired(), []);
            }
            else if (allowed == false)
            {
                outcome = (403, AirtableErrors.ModelNotFound(), []);
            }
            else if (!state.TryCountRequest(baseId))
            {
                outcome = (429, AirtableErrors.RateLimited(), []);
            }
            else if (table is null)
            {
                outcome = (403, AirtableErrors.ModelNotFound(), []);
            }
            else if (syntaxError)
            {
                outcome = (422, AirtableErrors.InvalidRequest("Invalid request: the body is not a JSON object."), []);
            }
            else if (route == ListKey)
            {
                outcome = List(state, baseId, table, request!);
            }
            else
            {
                outcome = Update(table, body!, out writes);
            }
        }

        Record(outcome.Status, ErrorType(outcome.Body), outcome.Ids.Count > 0 ? outcome.Ids : sentIds, fault?.Label);
        return fault is { ReplacesResponse: true } ? await fault.RespondAsync(http) : Results.Json(outcome.Body, statusCode: outcome.Status);
    }

    private static (int, JsonObject, IReadOnlyList<string>) List(AirtableState state, string baseId, AirtableTable table, ListRequest request)
    {
        if (request.PageSize is < 1 or > MaxPageSize)
        {
            return (422, AirtableErrors.InvalidRequest($"Invalid request: pageSize must be between 1 and {MaxPageSize}"), []);
        }

        if (request.Fields?.FirstOrDefault(f => !table.Knows(f)) is { } unknownField)
        {
            return (422, AirtableErrors.UnknownField(unknownField), []);
        }

        List<string> ids;
        if (request.Offset is { Length: > 0 } offset)
        {
            if (state.TakeIterator(offset, baseId, table.Id) is not { } remaining)
            {
                return (422, AirtableErrors.IteratorNotAvailable(), []);
            }

            ids = [.. remaining];
        }
        else
        {
            AirtableFormula? formula = null;
            if (!string.IsNullOrWhiteSpace(request.Formula))
            {
                try
                {
                    formula = AirtableFormula.Parse(request.Formula);
                }
                catch (FormatException e)
                {
                    return (422, AirtableErrors.InvalidFormula(request.Formula, e.Message), []);
                }

                if (formula.Fields.FirstOrDefault(f => !table.Knows(f)) is { } unknown)
                {
                    return (422, AirtableErrors.InvalidFormula(request.Formula, $"Unknown field names: {unknown.ToLowerInvariant()}"), []);
                }
            }

            ids = [.. table.Records.Where(r => formula is null || formula.Matches(r.Fields)).Select(r => r.Id)];
            if (request.MaxRecords is > 0 and var max)
            {
                ids = [.. ids.Take(max)];
            }
        }

        var page = ids.Take(request.PageSize ?? MaxPageSize).ToList();
        var rest = ids.Skip(page.Count).ToList();
        var records = page.Select(table.Find).OfType<AirtableRecord>().ToList();
        var response = new JsonObject { ["records"] = new JsonArray([.. records.Select(r => (JsonNode)r.ToJson(request.Fields))]) };
        if (rest.Count > 0)
        {
            response["offset"] = state.SaveIterator(baseId, table.Id, rest);
        }

        return (200, response, [.. records.Select(r => r.Id)]);
    }

    private static (int, JsonObject, IReadOnlyList<string>) Update(AirtableTable table, JsonObject body, out Dictionary<string, Dictionary<string, JsonNode?>>? writes)
    {
        writes = null;
        if (body["records"] is not JsonArray records || records.Count == 0)
        {
            return (422, AirtableErrors.InvalidRequest("Invalid request: parameter validation failed. Check your request data."), []);
        }

        if (records.Count > MaxUpdate)
        {
            return (422, AirtableErrors.TooManyRecords(), []);
        }

        // The whole batch is checked before anything is written: Airtable applies a request all or nothing.
        var planned = new List<(AirtableRecord Record, JsonObject Fields)>();
        foreach (var item in records)
        {
            if (item is not JsonObject { } entry || entry["id"] is not JsonValue idValue || idValue.GetValueKind() != JsonValueKind.String || entry["fields"] is not JsonObject fields)
            {
                return (422, AirtableErrors.InvalidRequest("Invalid request: each record needs an id and a fields object."), []);
            }

            var id = idValue.GetValue<string>();
            if (table.Find(id) is not { } record)
            {
                return (404, AirtableErrors.RecordNotFound(id), []);
            }

            foreach (var (name, value) in fields)
            {
                if (!table.Knows(name))
                {
                    return (422, AirtableErrors.UnknownField(name), []);
                }

                if (!table.Accepts(name, value))
                {
                    return (422, AirtableErrors.InvalidValue(name), []);
                }
            }

            planned.Add((record, fields));
        }

        writes = [];
        foreach (var (record, fields) in planned)
        {
            writes[record.Id] = fields.ToDictionary(f => f.Key, f => f.Value?.DeepClone());
            foreach (var (name, value) in fields)
            {
                record.Set(name, value);
            }
        }

        return (200, new JsonObject { ["records"] = new JsonArray([.. planned.Select(p => (JsonNode)p.Record.ToJson(null))]) }, [.. planned.Select(p => p.Record.Id)]);
    }

    private static string? ErrorType(JsonObject body) =>
        body["error"] is JsonObject error ? error["type"]?.ToString()
        : body["errors"] is JsonArray errors ? errors[0]?["error"]?.ToString()
        : null;

    private sealed record ListRequest(string? Formula, IReadOnlyList<string>? Fields, int? PageSize, int? MaxRecords, string? Offset)
    {
        public static ListRequest From(IQueryCollection query, JsonObject? body)
        {
            if (body is not null)
            {
                return new ListRequest(
                    body["filterByFormula"]?.ToString(),
                    body["fields"] is JsonArray fields ? [.. fields.Select(f => f?.ToString() ?? "")] : null,
                    Number(body["pageSize"]?.ToString()),
                    Number(body["maxRecords"]?.ToString()),
                    body["offset"]?.ToString());
            }

            var named = query["fields[]"];
            return new ListRequest(
                query["filterByFormula"].FirstOrDefault(),
                named.Count > 0 ? [.. named.Select(f => f ?? "")] : null,
                Number(query["pageSize"].FirstOrDefault()),
                Number(query["maxRecords"].FirstOrDefault()),
                query["offset"].FirstOrDefault());
        }

        private static int? Number(string? text) =>
            text is null ? null : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
    }
}
