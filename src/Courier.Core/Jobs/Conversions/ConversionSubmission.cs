using System.Text.Json;
using Courier.Core.Queue;
using Courier.Core.Validation;

namespace Courier.Core.Jobs.Conversions;

/// <summary>Reads and validates a <c>POST /api/conversions</c> body into a <see cref="ConversionPayload"/>, naming every bad field.</summary>
public static class ConversionSubmission
{
    private static readonly string[] Known = ["siteId", "saleId", "gclid", "gbraid", "wbraid", "conversionDateTime", "value", "currency", "orderId", "consent"];

    public static (ConversionPayload? Payload, IReadOnlyList<FieldError> Errors) Parse(JsonElement body)
    {
        var fields = new JsonFields(body);
        if (!fields.IsObject) return (null, [new FieldError("$", "the body must be a JSON object")]);
        var siteId = fields.String("siteId", required: true, maxLength: 200);
        var saleId = fields.String("saleId", required: true, maxLength: 200);
        // The queue item id is "{siteId}:{saleId}": refuse here what the queue could not store.
        if (siteId is not null && siteId.Any(char.IsControl)) fields.Error("siteId", "must not contain control characters");
        // ':' separates site and sale in the id; allowing it in a site id would let two sales share one id.
        else if (siteId is not null && siteId.Contains(':', StringComparison.Ordinal)) fields.Error("siteId", "must not contain ':'");
        if (saleId is not null && saleId.Any(char.IsControl)) fields.Error("saleId", "must not contain control characters");
        else if (siteId is not null && saleId is not null && ConversionsQueue.IdOf(siteId, saleId).Length > QueueKeys.MaxIdLength)
            fields.Error("saleId", $"must be at most {QueueKeys.MaxIdLength - 1} characters together with siteId");
        var clicks = new List<(ClickIdKind Kind, string? Value)>
        {
            (ClickIdKind.Gclid, fields.String("gclid", required: false)),
            (ClickIdKind.Gbraid, fields.String("gbraid", required: false)),
            (ClickIdKind.Wbraid, fields.String("wbraid", required: false)),
        };
        var present = clicks.Where(c => !string.IsNullOrWhiteSpace(c.Value)).ToList();
        if (present.Count == 0 && !fields.Errors.Any(e => e.Field is "gclid" or "gbraid" or "wbraid"))
            fields.Error("gclid", "exactly one of gclid, gbraid or wbraid is required");
        else if (present.Count > 1)
            fields.Error(present[1].Kind.ToString().ToLowerInvariant(), "exactly one of gclid, gbraid or wbraid may be given");
        var at = fields.DateTimeWithOffset("conversionDateTime", required: true);
        var value = fields.Decimal("value", required: true);
        if (value < 0) fields.Error("value", "must not be negative");
        var currency = fields.String("currency", required: true, maxLength: 3);
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
            fields.Error("currency", "must be a three-letter ISO 4217 code in capitals, e.g. EUR");
        var orderId = fields.String("orderId", required: false, maxLength: 200);
        var consent = ConversionConsent.Parse(fields, "consent");
        foreach (var property in body.EnumerateObject())
        {
            if (!Known.Contains(property.Name, StringComparer.Ordinal)) fields.Error(property.Name, "is not a known field");
        }

        if (fields.Errors.Count > 0) return (null, fields.Errors);
        var click = present[0];
        // Without an orderId the saleId is sent as one, so Google itself refuses a second upload of the sale.
        return (new ConversionPayload(siteId!, saleId!, click.Kind, click.Value!.Trim(), at!.Value, value!.Value, currency!, string.IsNullOrWhiteSpace(orderId) ? saleId! : orderId, consent is { IsEmpty: false } ? consent : null), []);
    }
}
