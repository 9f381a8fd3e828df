using System.Text.Json;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.GoogleAds;

/// <summary>
/// The fields of UploadClickConversionsRequest (conversion_upload_service.proto) and the messages under it. Like Google's
/// proto3 JSON parser, each field is accepted by its JSON name (conversionDateTime) and its proto name (conversion_date_time),
/// and any other name anywhere refuses the whole request, so a client sending a misspelt field finds out at once.
/// </summary>
internal static class UploadRequestSchema
{
    private static readonly string[] ConsentStatus = ["UNSPECIFIED", "UNKNOWN", "GRANTED", "DENIED"];

    private static readonly Message Consent = new("common.Consent", [
        new Field("ad_user_data", null, Repeated: false) { Enum = ("enums.ConsentStatusEnum.ConsentStatus", ConsentStatus) },
        new Field("ad_personalization", null, Repeated: false) { Enum = ("enums.ConsentStatusEnum.ConsentStatus", ConsentStatus) },
    ]);

    private static readonly Message AddressInfo = new("common.OfflineUserAddressInfo", Scalars(
        "hashed_first_name", "hashed_last_name", "city", "state", "country_code", "postal_code", "hashed_street_address"));

    private static readonly Message UserIdentifier = new("common.UserIdentifier", [
        .. Scalars("user_identifier_source", "hashed_email", "hashed_phone_number", "mobile_id", "third_party_user_id"),
        new Field("address_info", AddressInfo, Repeated: false),
    ]);

    private static readonly Message CartItem = new("services.CartData.Item", Scalars("product_id", "quantity", "unit_price"));

    private static readonly Message CartData = new("services.CartData", [
        .. Scalars("merchant_id", "feed_country_code", "feed_language_code", "local_transaction_cost"),
        new Field("items", CartItem, Repeated: true),
    ]);

    private static readonly Message SessionAttributePair = new("services.SessionAttributeKeyValuePair", Scalars("session_attribute_key", "session_attribute_value"));

    private static readonly Message ClickConversion = new("services.ClickConversion", [
        .. Scalars(
            "gclid", "gbraid", "wbraid", "conversion_action", "conversion_date_time", "conversion_value", "currency_code", "order_id",
            "conversion_environment", "customer_type", "user_ip_address", "session_attributes_encoded"),
        new Field("external_attribution_data", new Message("services.ExternalAttributionData", Scalars("external_attribution_credit", "external_attribution_model")), Repeated: false),
        new Field("custom_variables", new Message("services.CustomVariable", Scalars("conversion_custom_variable", "value")), Repeated: true),
        new Field("cart_data", CartData, Repeated: false),
        new Field("user_identifiers", UserIdentifier, Repeated: true),
        new Field("consent", Consent, Repeated: false),
        new Field("session_attributes_key_value_pairs", new Message("services.SessionAttributesKeyValuePairs", [new Field("key_value_pairs", SessionAttributePair, Repeated: true)]), Repeated: false),
    ]);

    private static readonly Message Request = new("services.UploadClickConversionsRequest", [
        .. Scalars("customer_id", "partial_failure", "validate_only", "job_id"),
        new Field("conversions", ClickConversion, Repeated: true),
    ]);

    /// <summary>Every unknown name and every non-object where a message belongs, in document order; empty when the body parses.</summary>
    public static IReadOnlyList<PayloadViolation> Check(JsonNode? body, string apiVersion)
    {
        var violations = new List<PayloadViolation>();
        if (body is JsonObject root)
        {
            Walk(root, Request, "", apiVersion, violations);
        }
        else
        {
            violations.Add(new PayloadViolation(null, "Invalid JSON payload received. Unknown name \"\": Root element must be a message."));
        }

        return violations;
    }

    private static void Walk(JsonObject node, Message message, string path, string apiVersion, List<PayloadViolation> violations)
    {
        foreach (var (name, value) in node)
        {
            if (!message.Fields.TryGetValue(name, out var field))
            {
                var at = path.Length == 0 ? "" : $" at '{path}'";
                violations.Add(new PayloadViolation(path, $"Invalid JSON payload received. Unknown name \"{name}\"{at}: Cannot find field."));
                continue;
            }

            var childPath = path.Length == 0 ? field.ProtoName : $"{path}.{field.ProtoName}";
            if (field.Enum is { } enumType && value is not null
                && !(value.GetValueKind() == JsonValueKind.String && enumType.Values.Contains(value.GetValue<string>(), StringComparer.Ordinal)))
            {
                // Enums travel by name; anything else is refused as Google's parser refuses it.
                violations.Add(new PayloadViolation(childPath, $"Invalid value at '{childPath}' (type.googleapis.com/google.ads.googleads.{apiVersion}.{enumType.TypeName}), {Raw(value)}"));
                continue;
            }

            if (field.Message is not { } child || value is null)
            {
                continue;
            }

            if (!field.Repeated)
            {
                WalkValue(value, child, childPath, apiVersion, violations);
            }
            else if (value is JsonArray items)
            {
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is { } item)
                    {
                        WalkValue(item, child, $"{childPath}[{i}]", apiVersion, violations);
                    }
                }
            }
            else
            {
                violations.Add(new PayloadViolation(childPath, $"Invalid value at '{childPath}' (type.googleapis.com/google.ads.googleads.{apiVersion}.{child.TypeName}), {Raw(value)}"));
            }
        }
    }

    private static void WalkValue(JsonNode value, Message message, string path, string apiVersion, List<PayloadViolation> violations)
    {
        if (value is JsonObject obj)
        {
            Walk(obj, message, path, apiVersion, violations);
        }
        else
        {
            violations.Add(new PayloadViolation(path, $"Invalid value at '{path}' (type.googleapis.com/google.ads.googleads.{apiVersion}.{message.TypeName}), {Raw(value)}"));
        }
    }

    private static string Raw(JsonNode value) => value.GetValueKind() == JsonValueKind.String ? $"\"{value.GetValue<string>()}\"" : value.ToJsonString();

    private static Field[] Scalars(params string[] protoNames) => [.. protoNames.Select(n => new Field(n, null, Repeated: false))];

    private sealed record Field(string ProtoName, Message? Message, bool Repeated)
    {
        /// <summary>For an enum field: its type name and the names it accepts.</summary>
        public (string TypeName, string[] Values)? Enum { get; init; }

        /// <summary>proto3's default JSON name: lowerCamelCase of the proto name.</summary>
        public string JsonName { get; } = string.Concat(ProtoName.Split('_').Select((part, i) => i == 0 || part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
    }

    private sealed class Message(string typeName, IEnumerable<Field> fields)
    {
        public string TypeName { get; } = typeName;

        public IReadOnlyDictionary<string, Field> Fields { get; } = fields
            .SelectMany(f => new[] { KeyValuePair.Create(f.ProtoName, f), KeyValuePair.Create(f.JsonName, f) })
            .DistinctBy(p => p.Key)
            .ToDictionary(StringComparer.Ordinal);
    }
}
