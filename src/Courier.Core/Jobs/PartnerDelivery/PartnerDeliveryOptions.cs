namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// Settings of job 1, partner delivery (section <c>PartnerDelivery</c>): the Airtable base, the table and field names (the
/// spec's names by default), and how the copy runs.
/// </summary>
public sealed class PartnerDeliveryOptions
{
    public const string SectionName = "PartnerDelivery";

    /// <summary>The Airtable base holding both tables (<c>app…</c>); empty while the job is not set up (a run then reports it and calls nothing).</summary>
    public string BaseId { get; set; } = "";

    /// <summary>The site whose vault credentials (<c>airtable</c>, <c>google_drive</c>) the job uses when no token or JSON is set.</summary>
    public string SiteId { get; set; } = "partner-delivery";

    public string AssetsTable { get; set; } = "Creative Review Asset Status";

    public string BatchesTable { get; set; } = "Partner Delivery Batches";

    public string ReadyField { get; set; } = "Ready to Deliver (Webhook)";

    public string DeliveredAtField { get; set; } = "Delivered At";

    public string DeliveredField { get; set; } = "Delivered?";

    public string DeliveredFileUrlField { get; set; } = "Delivered File URL";

    public string DeliveredFolderUrlField { get; set; } = "Delivered Folder URL";

    public string StatusField { get; set; } = "Delivery Status";

    public string ErrorField { get; set; } = "Delivery Error";

    public string BatchIdField { get; set; } = "Delivery Batch ID";

    public string SourceFolderField { get; set; } = "Source Folder ID";

    /// <summary>The batches table's key field, matched against the asset's <see cref="BatchIdField"/>.</summary>
    public string BatchKeyField { get; set; } = "Batch ID";

    public string DestinationFolderField { get; set; } = "Destination Folder ID";

    public string DeliveredStatus { get; set; } = "Delivered";

    public string ErrorStatus { get; set; } = "Error";

    /// <summary>Records taken per run, at most; the rest wait for the next run.</summary>
    public int MaxRecordsPerRun { get; set; } = 200;

    /// <summary>Drive calls of one tree level (folders made, files copied, across all the level's folders) in flight at once.</summary>
    public int CopyParallelism { get; set; } = 4;

    /// <summary>Attempts of one Drive call on a transient failure (rate limits, 5xx) before the record waits for the next run.</summary>
    public int DriveAttempts { get; set; } = 6;

    /// <summary>First backoff between Drive attempts; it doubles each time, with full jitter, up to <see cref="DriveMaxDelay"/>.</summary>
    public TimeSpan DriveRetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan DriveMaxDelay { get; set; } = TimeSpan.FromSeconds(16);

    /// <summary>The longest Airtable rate-limit wait a run sits out before retrying a write-back once (Airtable asks for 30 s).</summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromSeconds(35);
}
