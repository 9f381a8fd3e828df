using System.Text.Json.Nodes;

namespace Courier.Sandbox.Airtable;

/// <summary>Body of <c>POST /_sandbox/airtable/bases</c>: a base, the token that may use it, and its tables with records.</summary>
public sealed record AirtableSeedRequest(string? BaseId, string? Token, IReadOnlyList<AirtableSeedTable>? Tables);

/// <summary>A seeded table; <paramref name="FieldTypes"/> (name → checkbox, number, or any text type) makes unknown names and wrong value types refused.</summary>
public sealed record AirtableSeedTable(string? Name, string? Id, Dictionary<string, string>? FieldTypes, IReadOnlyList<AirtableSeedRecord>? Records);

/// <summary>A seeded record; the id is made when absent.</summary>
public sealed record AirtableSeedRecord(string? Id, Dictionary<string, JsonNode?>? Fields);

/// <summary>Body of <c>POST /_sandbox/airtable/quota</c>.</summary>
public sealed record AirtableQuotaRequest(int? RequestsPerSecondPerBase, TimeSpan? Penalty);
