namespace Courier.Core.Jobs.Conversions;

/// <summary>Port: uploads click conversions for one customer and conversion action in a single request (at most <see cref="MaxRowsPerRequest"/> rows).</summary>
public interface IConversionUploader
{
    public const int MaxRowsPerRequest = 2000;

    /// <summary>Returns one outcome per row, in input order; a failure of the whole request throws <see cref="Errors.ProviderException"/>.</summary>
    Task<IReadOnlyList<ConversionRowOutcome>> UploadAsync(GoogleAdsAccount account, IReadOnlyList<ConversionPayload> rows, CancellationToken cancellationToken);
}
