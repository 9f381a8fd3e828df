using Courier.Core.Errors;

namespace Courier.Core.Jobs.Conversions;

/// <summary>What Google Ads said of one row of an upload: accepted, already uploaded before (counts as completed), or a classified error.</summary>
public sealed record ConversionRowOutcome(bool Accepted, bool AlreadyUploaded, ProviderError? Error)
{
    public static ConversionRowOutcome Ok { get; } = new(true, false, null);

    public static ConversionRowOutcome Duplicate { get; } = new(false, true, null);

    public static ConversionRowOutcome Rejected(ProviderError error) => new(false, false, error);
}
