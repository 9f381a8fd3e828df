using Courier.Core.Errors;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>A verdict on one record: its input or its Drive items are wrong, so it gets an Error write-back.</summary>
internal sealed class DeliveryRejectedException(string message, ProviderError? error = null) : Exception(message)
{
    public ProviderError? Error { get; } = error;
}
