using System.Security.Cryptography;
using Courier.Core.Credentials;
using Courier.Providers.Credentials;
using Courier.Providers.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Tests.DependencyInjection;

public sealed class SecretVaultServiceCollectionExtensionsTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void AddSecretVault_ValidSettings_ResolvesVaultWithConfiguredKeyId()
    {
        using var services = Build(new() { ["VAULT_KEY"] = KeyA, ["VAULT_KEY_ID"] = "2026-03" });
        services.GetRequiredService<IStartupValidator>().Validate();
        var vault = services.GetRequiredService<ISecretVault>();

        var sealedValue = vault.Protect("secret", "ctx");

        Assert.Equal("2026-03", AesGcmSecretVault.KeyIdOf(sealedValue));
        Assert.Equal("secret", vault.Unprotect(sealedValue, "ctx"));
    }

    [Fact]
    public void AddSecretVault_NoKeyId_DefaultsToK1()
    {
        using var services = Build(new() { ["VAULT_KEY"] = KeyA });

        Assert.Equal("k1", services.GetRequiredService<AesGcmSecretVault>().CurrentKeyId);
    }

    [Fact]
    public void AddSecretVault_PreviousKeysSetting_DecryptsValuesOfOldKey()
    {
        string old;
        using (var before = Build(new() { ["VAULT_KEY"] = KeyA, ["VAULT_KEY_ID"] = "k1" }))
        {
            old = before.GetRequiredService<ISecretVault>().Protect("secret", "ctx");
        }

        using var after = Build(new() { ["VAULT_KEY"] = KeyB, ["VAULT_KEY_ID"] = "k2", ["VAULT_PREVIOUS_KEYS"] = $"k1={KeyA}" });

        Assert.Equal("secret", after.GetRequiredService<ISecretVault>().Unprotect(old, "ctx"));
    }

    [Fact]
    public void AddSecretVault_KeyOf16Bytes_StartupFailsWithExactMessage()
    {
        using var services = Build(new() { ["VAULT_KEY"] = Convert.ToBase64String(new byte[16]) });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["VAULT_KEY must be base64 of exactly 32 bytes (got 16 bytes)."], e.Failures);
    }

    [Fact]
    public void AddSecretVault_KeyNotBase64_StartupFailsWithExactMessage()
    {
        using var services = Build(new() { ["VAULT_KEY"] = "this is not base64" });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["VAULT_KEY is not valid base64."], e.Failures);
    }

    [Fact]
    public void AddSecretVault_NoKeyAtAll_StartupFailsWithZeroBytesMessage()
    {
        using var services = Build([]);

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(["VAULT_KEY must be base64 of exactly 32 bytes (got 0 bytes)."], e.Failures);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSecretVault(configuration).BuildServiceProvider();
    }
}
