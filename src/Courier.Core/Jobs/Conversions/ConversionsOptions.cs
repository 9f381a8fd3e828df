using System.ComponentModel.DataAnnotations;

namespace Courier.Core.Jobs.Conversions;

/// <summary>Settings of the offline-conversions job (spec §5.3), bound from the <c>Conversions</c> section.</summary>
public sealed class ConversionsOptions
{
    public const string SectionName = "Conversions";

    /// <summary>Items a twin run takes when its <c>limit</c> parameter is absent (as in the seed runbook).</summary>
    [Range(1, 100_000)]
    public int TwinDefaultLimit { get; set; } = 50;

    /// <summary>Items a timer run takes: one full upload request by default.</summary>
    [Range(1, 100_000)]
    public int TimerLimit { get; set; } = 2000;

    /// <summary>After this many attempts a transiently failing conversion fails for good.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>First retry delay ceiling (full jitter); doubles per attempt up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Consent sent for a conversion whose request gave none (or gave only one part), for every site.</summary>
    public ConsentSetting DefaultConsent { get; set; } = new();

    /// <summary>Per-site consent defaults (<c>Conversions__SiteConsent__&lt;siteId&gt;__AdUserData</c>), over <see cref="DefaultConsent"/>.</summary>
    public Dictionary<string, ConsentSetting> SiteConsent { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The default consent of <paramref name="siteId"/>: its own setting over the default for every site; null when neither says anything.</summary>
    public ConversionConsent? ConsentFor(string siteId)
    {
        var all = DefaultConsent.ToConsent();
        var merged = SiteConsent.TryGetValue(siteId, out var site) ? site.ToConsent().Over(all) : all;
        return merged.IsEmpty ? null : merged;
    }

    /// <summary>How long a claim holds conversions before recovery may rescue them.</summary>
    public TimeSpan LeaseFor { get; set; } = TimeSpan.FromMinutes(5);
}
