namespace Courier.Core.Jobs.Artifacts;

/// <summary>Settings of the artifacts job (spec §5.2), bound from the <c>Artifacts</c> section; checked by <see cref="ArtifactsOptionsValidator"/>.</summary>
public sealed class ArtifactsOptions
{
    public const string SectionName = "Artifacts";

    /// <summary>The blob container media is read from, under <c>{projectId}/</c>.</summary>
    public string MediaContainer { get; set; } = "media";

    /// <summary>The blob container archives are written to.</summary>
    public string ArtifactsContainer { get; set; } = "artifacts";

    /// <summary>Archives one run generates at most (each can be large, so a run takes them one at a time).</summary>
    public int MaxPerRun { get; set; } = 10;

    /// <summary>Attempts before an archive is FAILED: failures and expired leases (a crashed generation) both count.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long a claim holds an archive; the heartbeat extends it while generating, so only a dead worker lets it expire.</summary>
    public TimeSpan LeaseFor { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a generating worker extends its lease; well under <see cref="LeaseFor"/>.</summary>
    public TimeSpan HeartbeatEvery { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Delay before a failed attempt is retried (doubling, full jitter, up to <see cref="RetryMaxDelay"/>).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the download URL of a READY archive works; at most 7 days (the longest user-delegation SAS).</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>File extensions (without the dot, any case) that are already compressed and stored as they are; others are deflated.</summary>
    public List<string> StoredExtensions { get; set; } =
    [
        "jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "avif",
        "mp4", "m4v", "mov", "webm", "mkv", "avi", "mp3", "m4a", "aac", "ogg", "opus", "flac",
        "zip", "gz", "tgz", "7z", "rar", "bz2", "xz", "zst", "docx", "xlsx", "pptx",
    ];
}
