using Courier.Core.Errors;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>Not a verdict: a provider is unavailable (rate limit, 5xx, held credential); the record waits for a later run.</summary>
/// <param name="called">False when no call was made for this record (Drive's Retry-After had not passed): nothing to count against the circuit.</param>
internal sealed class DeliveryWaitException(ProviderError error, bool called = true) : Exception(error.ToString())
{
    public ProviderError Error { get; } = error;

    public bool Called { get; } = called;
}
