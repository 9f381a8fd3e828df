namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>Where a record's delivery stands. Stored as its name.</summary>
public enum DeliveryState
{
    /// <summary>A copy began; copy tags on Drive tell what exists.</summary>
    Copying,

    /// <summary>The tree is complete at the destination; the write-back may still be missing.</summary>
    Copied,

    /// <summary>The success write-back is in Airtable.</summary>
    Delivered,

    /// <summary>The input was bad; the Error write-back is in Airtable (not repeated while the input stays the same).</summary>
    ErrorReported,
}
