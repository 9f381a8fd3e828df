namespace Courier.Core.Jobs.WriteBack;

/// <summary>Settings of the write-back job (spec §5.5), bound from the <c>WriteBack</c> section.</summary>
public sealed class WriteBackOptions
{
    public const string SectionName = "WriteBack";

    /// <summary>Per model (<c>Request</c>, <c>Operator</c>, <c>Revenue</c>…), where its records go. A model not listed is refused by the API.</summary>
    public Dictionary<string, SheetMapping> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The credential site of mappings that name none.</summary>
    public string DefaultSite { get; set; } = "default";

    /// <summary>Changes one run takes. One claim takes them all, so a sheet's changes go out in one update and one append request.</summary>
    public int MaxItemsPerRun { get; set; } = 5000;

    /// <summary>Rows per write request; more rows of one sheet are split into further requests (Google recommends payloads of about 2 MB).</summary>
    public int MaxRowsPerRequest { get; set; } = 5000;

    /// <summary>Write requests a run may send per credential site within a minute (Google allows 60 per user per minute); sheets past it wait for the next run.</summary>
    public int WritesPerMinute { get; set; } = 60;

    /// <summary>After this many attempts a change that keeps failing transiently fails for good.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>First retry delay ceiling (full jitter); doubles per attempt up to <see cref="RetryMaxDelay"/>. Google's Retry-After wins.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a claim holds changes before recovery may rescue them.</summary>
    public TimeSpan LeaseFor { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long <c>SyncLog</c> rows are kept (completed queue items are pruned after 7 days by recovery).</summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>What the status column of a deleted record's row says.</summary>
    public string DeletedMarker { get; set; } = "DELETED";

    /// <summary>The mapping of <paramref name="model"/>, or null for a model not configured.</summary>
    public SheetMapping? MappingOf(string model) => Models.TryGetValue(model, out var mapping) ? mapping : null;

    /// <summary>The credential site a mapping writes with.</summary>
    public string SiteOf(SheetMapping mapping) => string.IsNullOrWhiteSpace(mapping.Site) ? DefaultSite : mapping.Site;
}
