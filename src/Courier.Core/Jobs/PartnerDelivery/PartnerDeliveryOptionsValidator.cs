using Microsoft.Extensions.Options;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>Start-up checks of <see cref="PartnerDeliveryOptions"/>, with messages naming the setting.</summary>
public sealed class PartnerDeliveryOptionsValidator : IValidateOptions<PartnerDeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, PartnerDeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        // Empty means "not set up here": the job then answers that it is not configured, and nothing else fails to start.
        if (options.BaseId.Length > 0 && (options.BaseId.Trim() != options.BaseId || options.BaseId.Any(c => !char.IsAsciiLetterOrDigit(c))))
        {
            failures.Add("PartnerDelivery:BaseId must be an Airtable base id (app… letters and digits), or empty while the job is not set up.");
        }

        foreach (var (setting, value) in Names(options))
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                failures.Add($"PartnerDelivery:{setting} must not be empty.");
            }
            else if (value.Count(c => c == '}') > 1)
            {
                // Airtable's formula syntax escapes one '}' in a field name but not two.
                failures.Add($"PartnerDelivery:{setting} may hold at most one '}}' (Airtable formulas cannot name such a field).");
            }
        }

        if (options.MaxRecordsPerRun is < 1 or > 5000)
        {
            failures.Add("PartnerDelivery:MaxRecordsPerRun must be between 1 and 5000.");
        }

        if (options.CopyParallelism is < 1 or > 32)
        {
            failures.Add("PartnerDelivery:CopyParallelism must be between 1 and 32.");
        }

        if (options.DriveAttempts is < 1 or > 20)
        {
            failures.Add("PartnerDelivery:DriveAttempts must be between 1 and 20.");
        }

        if (options.DriveRetryBaseDelay < TimeSpan.Zero || options.DriveRetryBaseDelay > options.DriveMaxDelay || options.DriveMaxDelay > TimeSpan.FromMinutes(5))
        {
            failures.Add("PartnerDelivery:DriveRetryBaseDelay must be between 00:00:00 and PartnerDelivery:DriveMaxDelay, which is at most 00:05:00.");
        }

        if (options.MaxRateLimitWait < TimeSpan.Zero || options.MaxRateLimitWait > TimeSpan.FromMinutes(2))
        {
            failures.Add("PartnerDelivery:MaxRateLimitWait must be between 00:00:00 and 00:02:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<(string Setting, string Value)> Names(PartnerDeliveryOptions o) =>
    [
        (nameof(o.AssetsTable), o.AssetsTable), (nameof(o.BatchesTable), o.BatchesTable), (nameof(o.ReadyField), o.ReadyField),
        (nameof(o.DeliveredAtField), o.DeliveredAtField), (nameof(o.DeliveredField), o.DeliveredField),
        (nameof(o.DeliveredFileUrlField), o.DeliveredFileUrlField), (nameof(o.DeliveredFolderUrlField), o.DeliveredFolderUrlField),
        (nameof(o.StatusField), o.StatusField), (nameof(o.ErrorField), o.ErrorField), (nameof(o.BatchIdField), o.BatchIdField),
        (nameof(o.SourceFolderField), o.SourceFolderField), (nameof(o.BatchKeyField), o.BatchKeyField),
        (nameof(o.DestinationFolderField), o.DestinationFolderField), (nameof(o.DeliveredStatus), o.DeliveredStatus),
        (nameof(o.ErrorStatus), o.ErrorStatus), (nameof(o.SiteId), o.SiteId),
    ];
}
