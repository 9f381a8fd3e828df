using Courier.Core.Errors;

namespace Courier.Core.Jobs.Conversions;

/// <summary>
/// What Google Ads said of one row of an upload: accepted, already uploaded before (counts as completed; <see cref="Error"/>
/// then says why, e.g. ORDER_ID_ALREADY_IN_USE), or a classified error.
/// </summary>
public sealed record ConversionRowOutcome(bool Accepted, bool AlreadyUploaded, ProviderError? Error)
{
    public static ConversionRowOutcome Ok { get; } = new(true, false, null);

    public static ConversionRowOutcome Duplicate { get; } = new(false, true, null);

    /// <summary>Already uploaded, as Google said with <paramref name="reason"/>.</summary>
    public static ConversionRowOutcome DuplicateOf(ProviderError? reason) => new(false, true, reason);

    public static ConversionRowOutcome Rejected(ProviderError error) => new(false, false, error);
}
