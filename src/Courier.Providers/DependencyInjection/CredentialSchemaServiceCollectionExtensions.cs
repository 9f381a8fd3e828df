using Courier.Core.Credentials;
using Microsoft.Extensions.DependencyInjection;

namespace Courier.Providers.DependencyInjection;

/// <summary>How a provider's Add…Provider registers its <see cref="CredentialSchema"/> for Core's <see cref="ProviderCredentialsService"/>.</summary>
internal static class CredentialSchemaServiceCollectionExtensions
{
    /// <summary>Adds <paramref name="schema"/> once; a different schema for the same provider key is a wiring defect and throws.</summary>
    public static IServiceCollection AddCredentialSchema(this IServiceCollection services, CredentialSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var registered = services.Select(d => d.ServiceType == typeof(CredentialSchema) && !d.IsKeyedService ? d.ImplementationInstance as CredentialSchema : null)
            .FirstOrDefault(s => s?.ProviderKey == schema.ProviderKey);
        if (ReferenceEquals(registered, schema)) return services;
        if (registered is not null) throw new InvalidOperationException($"another credential schema is already registered for provider '{schema.ProviderKey}'");

        // Not TryAddEnumerable: every schema has the same implementation type, so it would keep only the first provider's.
        services.AddSingleton(schema);
        return services;
    }
}
