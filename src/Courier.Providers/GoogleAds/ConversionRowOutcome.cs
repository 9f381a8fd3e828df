using Courier.Core.Errors;

namespace Courier.Providers.GoogleAds;

/// <summary>The outcome of the row at <see cref="Index"/> of the input; <see cref="Error"/> is set for every status but Accepted.</summary>
public sealed record ConversionRowOutcome(int Index, ConversionRowStatus Status, ProviderError? Error = null)
{
    public static ConversionRowOutcome Accepted(int index) => new(index, ConversionRowStatus.Accepted);
}
