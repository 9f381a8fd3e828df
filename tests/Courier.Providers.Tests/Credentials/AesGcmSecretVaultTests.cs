using System.Security.Cryptography;
using Courier.Core.Credentials;
using Courier.Providers.Credentials;
using Microsoft.Extensions.Options;

namespace Courier.Providers.Tests.Credentials;

public sealed class AesGcmSecretVaultTests
{
    private static readonly string KeyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private static readonly string KeyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Unprotect_SameContext_RoundTrips()
    {
        var vault = Vault(KeyA);

        var sealedValue = vault.Protect("{\"refresh_token\":\"1//abc\"}", "site-1/google_ads");

        Assert.Equal("{\"refresh_token\":\"1//abc\"}", vault.Unprotect(sealedValue, "site-1/google_ads"));
    }

    [Fact]
    public void Protect_Always_WritesV1KeyIdNonceCiphertextWithoutPlaintext()
    {
        var sealedValue = Vault(KeyA, "k7").Protect("plain-secret", "ctx");
        var parts = sealedValue.Split('.');

        Assert.Equal(4, parts.Length);
        Assert.Equal("v1", parts[0]);
        Assert.Equal("k7", parts[1]);
        Assert.Equal(12, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal("plain-secret".Length + 16, Convert.FromBase64String(parts[3]).Length);
        Assert.DoesNotContain("plain-secret", sealedValue, StringComparison.Ordinal);
        Assert.Equal("k7", AesGcmSecretVault.KeyIdOf(sealedValue));
    }

    [Fact]
    public void Protect_SameInputTwice_DifferentOutputs()
    {
        var vault = Vault(KeyA);

        Assert.NotEqual(vault.Protect("x", "ctx"), vault.Protect("x", "ctx"));
    }

    [Fact]
    public void Unprotect_OtherContext_ThrowsNamingKeyId()
    {
        var vault = Vault(KeyA);
        var sealedValue = vault.Protect("secret", "site-1/google_ads");

        var e = Assert.Throws<SecretUnreadableException>(() => vault.Unprotect(sealedValue, "site-2/google_ads"));

        Assert.Contains("'k1'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_TamperedCiphertext_Throws()
    {
        var vault = Vault(KeyA);
        var parts = vault.Protect("secret", "ctx").Split('.');
        var bytes = Convert.FromBase64String(parts[3]);
        bytes[0] ^= 0x01;
        parts[3] = Convert.ToBase64String(bytes);

        Assert.Throws<SecretUnreadableException>(() => vault.Unprotect(string.Join('.', parts), "ctx"));
    }

    [Fact]
    public void Unprotect_KeyIdSwappedToAnotherConfiguredKey_Throws()
    {
        var vault = Vault(KeyA, "k2", ("k1", KeyB));
        var swapped = vault.Protect("secret", "ctx").Replace("v1.k2.", "v1.k1.", StringComparison.Ordinal);

        Assert.Throws<SecretUnreadableException>(() => vault.Unprotect(swapped, "ctx"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("v2.k1.AAAA.AAAA")]
    [InlineData("v1.k1.not-base64!.AAAA")]
    [InlineData("v1.k1.AAAA.AAAA")]
    [InlineData("v1.k1..")]
    [InlineData("v1.bad id.AAAA.AAAA")]
    public void Unprotect_Garbage_ThrowsSecretUnreadable(string value)
    {
        Assert.Throws<SecretUnreadableException>(() => Vault(KeyA).Unprotect(value, "ctx"));
    }

    [Fact]
    public void Unprotect_UnknownKeyId_ThrowsNamingItWithoutKeyMaterial()
    {
        var old = Vault(KeyB, "k0").Protect("secret", "ctx");

        var e = Assert.Throws<SecretUnreadableException>(() => Vault(KeyA, "k1").Unprotect(old, "ctx"));

        Assert.Contains("'k0'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyA, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyB, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_AfterRotation_OldKeyIdStillDecryptsAndNewValuesUseNewKey()
    {
        var beforeRotation = Vault(KeyA, "k1").Protect("old-secret", "ctx");
        var rotated = Vault(KeyB, "k2", ("k1", KeyA));

        var fresh = rotated.Protect("new-secret", "ctx");

        Assert.Equal("old-secret", rotated.Unprotect(beforeRotation, "ctx"));
        Assert.Equal("k2", AesGcmSecretVault.KeyIdOf(fresh));
        Assert.Equal("k2", rotated.CurrentKeyId);
        Assert.Equal("new-secret", rotated.Unprotect(fresh, "ctx"));
    }

    [Fact]
    public void KeyIdOf_NotVaultOutput_Null()
    {
        Assert.Null(AesGcmSecretVault.KeyIdOf("plain text"));
    }

    private static AesGcmSecretVault Vault(string key, string keyId = "k1", params (string Id, string Key)[] previous)
    {
        var options = new VaultOptions { Key = key, KeyId = keyId };
        foreach (var (id, k) in previous)
        {
            options.PreviousKeys[id] = k;
        }

        Assert.True(new VaultOptionsValidator().Validate(null, options).Succeeded);
        return new AesGcmSecretVault(Options.Create(options));
    }
}
