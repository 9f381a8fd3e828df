using System.Text.Json;
using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Jobs.Conversions;
using Courier.Core.Queue;
using Courier.Core.Validation;
using Courier.Hosting.Circuits;
using Courier.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Hosting.Jobs.Conversions;

/// <summary>The conversions job's API handlers: enqueue a sale and look it up (API_SECRET), seed a site's credentials (CRON_SECRET, never in Production).</summary>
public static class ConversionsApi
{
    /// <summary>The most conversions one bulk request may carry.</summary>
    public const int MaxBulk = 1000;

    /// <summary>202 with the queued item; a second enqueue of the same site and sale answers 200 with the existing item and stores nothing.</summary>
    public static async Task<IResult> EnqueueAsync(HttpContext context)
    {
        var queue = context.RequestServices.GetRequiredService<ConversionsQueue>();
        using var body = await JsonRequest.ReadAsync(context.Request, context.RequestAborted);
        if (body is null) return Problems.BadBody();
        var (payload, errors) = ConversionSubmission.Parse(body.RootElement);
        if (payload is null) return Problems.InvalidFields(errors);
        var result = await queue.EnqueueAsync(payload, context.RequestAborted);
        var view = new { item = QueueItemView.From(result.Item, ConversionsQueue.StateNames), created = result.Created };
        return result.Created ? Results.Json(view, statusCode: StatusCodes.Status202Accepted) : Results.Json(view, statusCode: StatusCodes.Status200OK);
    }

    /// <summary>
    /// Up to <see cref="MaxBulk"/> sales in one request (<c>{"conversions":[…]}</c>), each validated and answered on its own:
    /// a bad one is refused with its field errors and stores nothing, the others are queued (idempotent as one by one).
    /// The request itself answers 200 unless its envelope is bad (400).
    /// </summary>
    public static async Task<IResult> EnqueueBulkAsync(HttpContext context)
    {
        var queue = context.RequestServices.GetRequiredService<ConversionsQueue>();
        using var body = await JsonRequest.ReadAsync(context.Request, context.RequestAborted);
        if (body is null || body.RootElement.ValueKind != JsonValueKind.Object) return Problems.BadBody();
        if (!body.RootElement.TryGetProperty("conversions", out var list) || list.ValueKind != JsonValueKind.Array)
            return Problems.InvalidFields([new FieldError("conversions", "is required: an array of conversions")]);
        if (list.GetArrayLength() is 0 or > MaxBulk)
            return Problems.InvalidFields([new FieldError("conversions", $"must hold 1 to {MaxBulk} conversions")]);
        if (body.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => name != "conversions") is { } unknown)
            return Problems.InvalidFields([new FieldError(unknown, "is not a known field")]);

        // Validate every element first, then write the valid ones together (entity-group transactions per partition).
        var answers = new object?[list.GetArrayLength()];
        var valid = new List<(int Index, ConversionPayload Payload)>();
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var (payload, errors) = ConversionSubmission.Parse(element);
            if (payload is null)
                answers[index] = new { index, status = StatusCodes.Status400BadRequest, errors = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()) };
            else valid.Add((index, payload));
            index++;
        }

        var stored = await queue.EnqueueManyAsync(valid.Select(v => v.Payload).ToList(), context.RequestAborted);
        int created = 0, existing = 0;
        for (var i = 0; i < valid.Count; i++)
        {
            var result = stored[i];
            if (result.Created) created++;
            else existing++;
            answers[valid[i].Index] = new { index = valid[i].Index, status = result.Created ? StatusCodes.Status202Accepted : StatusCodes.Status200OK, id = result.Item.Id, created = result.Created };
        }

        var rejected = answers.Length - valid.Count;
        var results = answers;
        return Results.Json(new { ok = rejected == 0, created, existing, rejected, results });
    }

    public static async Task<IResult> GetAsync(HttpContext context)
    {
        var queue = context.RequestServices.GetRequiredService<ConversionsQueue>();
        var siteId = context.Request.RouteValues["siteId"]?.ToString() ?? "";
        var saleId = context.Request.RouteValues["saleId"]?.ToString() ?? "";
        // An id no enqueue could have stored is not looked up (the store refuses it: a 500 before this check).
        var storable = siteId.Length > 0 && saleId.Length > 0 && QueueKeys.IsStorableId(ConversionsQueue.IdOf(siteId, saleId));
        var item = storable ? await queue.GetAsync(siteId, saleId, context.RequestAborted) : null;
        return item is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"no conversion for site '{siteId}' and sale '{saleId}'")
            : Results.Json(new { item = QueueItemView.From(item, ConversionsQueue.StateNames) });
    }

    /// <summary>
    /// Stores a site's provider credentials encrypted. Never reached in Production: the route is development-only in the
    /// catalog, so the shared gate answers 403 before any secret is read (production credentials are set by operators).
    /// </summary>
    public static async Task<IResult> SeedCredentialsAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var credentials = services.GetRequiredService<ProviderCredentialsService>();
        var cancellationToken = context.RequestAborted;
        using var body = await JsonRequest.ReadAsync(context.Request, cancellationToken);
        if (body is null) return Problems.BadBody();
        var fields = new JsonFields(body.RootElement);
        if (!fields.IsObject) return Problems.BadBody();
        var siteId = fields.String("site_id", required: true, maxLength: 200);
        var providerKey = fields.String("provider_key", required: true, maxLength: 100);
        var creds = fields.Object("credentials", required: true);
        var errors = fields.Errors.ToList();
        if (siteId is not null && (siteId.Any(char.IsControl) || siteId.Contains(':', StringComparison.Ordinal))) errors.Add(new FieldError("site_id", "must not contain ':' or control characters"));
        // Like every other body (spec §6): a field Courier does not know is refused, not silently dropped.
        foreach (var property in body.RootElement.EnumerateObject().Where(p => p.Name is not ("site_id" or "provider_key" or "credentials")))
            errors.Add(new FieldError(property.Name, "is not a known field"));
        if (providerKey is not null && creds is { } c) errors.AddRange(credentials.Validate(providerKey, c));
        if (errors.Count > 0) return Problems.InvalidFields(errors);
        await credentials.SaveAsync(siteId!, providerKey!, creds!.Value, cancellationToken);
        // New credentials end a hold about the account (rejected or unavailable credentials); a version hold stays.
        var key = new CircuitKey(siteId!, providerKey!);
        var before = await services.GetRequiredService<ICircuitStore>().GetAsync(key, cancellationToken);
        var released = await services.GetRequiredService<CircuitBreaker>().ReleaseForNewCredentialsAsync(key, cancellationToken);
        // The site's rows that waited for the hold go out on the next run.
        if (released) await services.GetRequiredService<HeldRowWaker>().WakeAsync(before, cancellationToken);
        // Echo nothing of what was sent: the response must never carry a secret.
        return Results.Json(new { ok = true, site_id = siteId, provider_key = providerKey, circuit_released = released });
    }
}
