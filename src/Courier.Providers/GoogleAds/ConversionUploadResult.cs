namespace Courier.Providers.GoogleAds;

/// <summary>Per-row outcomes of one upload, in input order, with Google's request and job ids for support tickets.</summary>
public sealed record ConversionUploadResult(IReadOnlyList<ConversionRowOutcome> Rows, string? RequestId = null, string? JobId = null)
{
    public static ConversionUploadResult Empty { get; } = new([]);

    public int Accepted => Rows.Count(r => r.Status == ConversionRowStatus.Accepted);

    public int AlreadyUploaded => Rows.Count(r => r.Status == ConversionRowStatus.AlreadyUploaded);

    public int Rejected => Rows.Count(r => r.Status == ConversionRowStatus.Rejected);
}
