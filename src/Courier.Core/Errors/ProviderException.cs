namespace Courier.Core.Errors;

/// <summary>Thrown by provider clients when a whole request fails; carries the classified <see cref="ProviderError"/>.</summary>
public sealed class ProviderException(ProviderError error, Exception? inner = null)
    : Exception(error.ToString(), inner)
{
    public ProviderError Error { get; } = error;
}
