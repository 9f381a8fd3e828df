using Courier.Core.Credentials;

namespace Courier.Core.Jobs.Conversions;

/// <summary>
/// Port: uploads click conversions of one site in a single request (at most <see cref="MaxRowsPerRequest"/> rows). A site's
/// credentials name one customer and conversion action, so the rows of one site form one upload group.
/// </summary>
public interface IConversionUploader
{
    public const int MaxRowsPerRequest = 2000;

    /// <summary>The provider whose credentials (and circuit) the uploads use; the provider implementing the port says which.</summary>
    string ProviderKey { get; }

    /// <summary>The provider API version the uploads call, if the provider has one: a site held because a version was refused is released under another.</summary>
    string? ApiVersion { get; }

    /// <summary>
    /// Returns one outcome per row, in input order; a failure of the whole request throws <see cref="Errors.ProviderException"/>.
    /// <paramref name="credentials"/> are the site's, of <see cref="ProviderKey"/>, already checked against its schema.
    /// </summary>
    Task<IReadOnlyList<ConversionRowOutcome>> UploadAsync(SiteCredentials credentials, IReadOnlyList<ConversionPayload> rows, CancellationToken cancellationToken);
}
