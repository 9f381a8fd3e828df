namespace Courier.Sandbox.GoogleAds;

/// <summary>Ledger entry (<c>ads.upload</c>) of one uploadClickConversions call, faulted or not; secret headers are redacted.</summary>
/// <param name="Status">The status the handler decided (for a fault that short-circuits: the fault's status).</param>
/// <param name="ErrorCode">The whole-request error code, when the request as a whole failed.</param>
/// <param name="Fault">The injected fault's label ("status:503", "timeout", …), or null.</param>
public sealed record AdsUploadCall(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string ApiVersion,
    string CustomerId,
    IReadOnlyDictionary<string, string> Headers,
    bool PartialFailure,
    bool ValidateOnly,
    int Status,
    string? ErrorCode,
    string? Fault,
    string RequestId,
    IReadOnlyList<AdsUploadRow> Rows)
{
    public int AcceptedCount => Rows.Count(r => r.Accepted);
}
