using Courier.Core.Credentials;
using Courier.Providers.Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Courier.Providers.DependencyInjection;

/// <summary>Registers <see cref="AesGcmSecretVault"/> as Core's <see cref="ISecretVault"/>, with keys from app settings validated at start-up.</summary>
public static class SecretVaultServiceCollectionExtensions
{
    /// <summary>Reads <c>VAULT_KEY</c>, <c>VAULT_KEY_ID</c> (default k1) and <c>VAULT_PREVIOUS_KEYS</c> ("id=base64;id2=base64").</summary>
    public static IServiceCollection AddSecretVault(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<VaultOptions>()
            .Configure(options =>
            {
                options.Key = configuration["VAULT_KEY"] ?? "";
                options.KeyId = configuration["VAULT_KEY_ID"] is { Length: > 0 } keyId ? keyId.Trim() : VaultOptions.DefaultKeyId;
                options.ApplyPreviousKeysSetting(configuration["VAULT_PREVIOUS_KEYS"]);
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VaultOptions>, VaultOptionsValidator>());
        services.TryAddSingleton<AesGcmSecretVault>();
        services.TryAddSingleton<ISecretVault>(sp => sp.GetRequiredService<AesGcmSecretVault>());
        return services;
    }
}
