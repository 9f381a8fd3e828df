using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// What one asset record asks for, read and checked: its source item, its batch and the batch's destination folder, or the
/// readable problem that makes it a bad input. The fingerprint changes whenever any of them does.
/// </summary>
internal sealed record DeliveryInput(string? SourceId, string? BatchId, string? DestinationId, string? Problem, string Fingerprint)
{
    /// <summary>A batch's destination, or why it cannot be used.</summary>
    public sealed record Batch(string? DestinationId, string? Problem);

    public static DeliveryInput Read(DeliveryRecord record, PartnerDeliveryOptions options, IReadOnlyDictionary<string, Batch> batches)
    {
        var (source, sourceProblem) = Text(record, options.SourceFolderField);
        var (batchId, batchProblem) = Text(record, options.BatchIdField);
        string? destination = null;
        var problem = sourceProblem ?? batchProblem;
        if (problem is null)
        {
            if (!batches.TryGetValue(batchId!, out var batch))
            {
                problem = $"Delivery batch '{batchId}' was not found in {options.BatchesTable}.";
            }
            else if (batch.Problem is not null)
            {
                problem = batch.Problem;
            }
            else
            {
                destination = batch.DestinationId;
            }
        }

        return new DeliveryInput(source, batchId, destination, problem, Hash(source, batchId, destination, problem));
    }

    /// <summary>The text of a cell: a string, or a lookup's one-string array; a problem naming the field otherwise.</summary>
    public static (string? Value, string? Problem) Text(DeliveryRecord record, string field)
    {
        if (!record.Fields.TryGetValue(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, $"{field} is empty.");
        }

        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 1)
        {
            value = value[0];
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return (null, $"{field} must be text, but Airtable holds {Describe(value)}.");
        }

        var text = value.GetString()!.Trim();
        return text.Length == 0 ? (null, $"{field} is empty.") : (text, null);
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a checkbox (true/false)",
        JsonValueKind.Array => $"a list of {value.GetArrayLength()} values",
        JsonValueKind.Object => "an object (an attachment, a user or a button)",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Hash(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001f", parts.Select(p => p ?? "\u0000")))))[..32];
}
