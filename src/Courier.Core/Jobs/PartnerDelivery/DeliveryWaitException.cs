using Courier.Core.Errors;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>Not a verdict: a provider is unavailable (rate limit, 5xx, held credential); the record waits for a later run.</summary>
internal sealed class DeliveryWaitException(ProviderError error) : Exception(error.ToString())
{
    public ProviderError Error { get; } = error;
}
