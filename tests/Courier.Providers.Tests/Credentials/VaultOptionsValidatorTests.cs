using System.Security.Cryptography;
using Courier.Providers.Credentials;

namespace Courier.Providers.Tests.Credentials;

public sealed class VaultOptionsValidatorTests
{
    private static readonly string GoodKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly VaultOptionsValidator validator = new();

    [Fact]
    public void Validate_GoodKey_Succeeds()
    {
        Assert.True(validator.Validate(null, new VaultOptions { Key = GoodKey }).Succeeded);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void Validate_WrongLength_ExactMessage(int length)
    {
        var result = validator.Validate(null, new VaultOptions { Key = Convert.ToBase64String(new byte[length]) });

        Assert.Equal([$"VAULT_KEY must be base64 of exactly 32 bytes (got {length} bytes)."], result.Failures);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("abc")]
    public void Validate_NotBase64_ExactMessage(string key)
    {
        var result = validator.Validate(null, new VaultOptions { Key = key });

        Assert.Equal(["VAULT_KEY is not valid base64."], result.Failures);
    }

    [Theory]
    [InlineData("")]
    [InlineData("k.1")]
    [InlineData("a key")]
    public void Validate_BadKeyId_ExactMessage(string keyId)
    {
        var result = validator.Validate(null, new VaultOptions { Key = GoodKey, KeyId = keyId });

        Assert.Equal(["VAULT_KEY_ID must be 1 to 32 letters, digits, '-' or '_'."], result.Failures);
    }

    [Fact]
    public void Validate_PreviousKeyWrongLength_MessageNamesKeyId()
    {
        var options = new VaultOptions { Key = GoodKey };
        options.ApplyPreviousKeysSetting($"k0={Convert.ToBase64String(new byte[8])}");

        var result = validator.Validate(null, options);

        Assert.Equal(["VAULT_PREVIOUS_KEYS key 'k0' must be base64 of exactly 32 bytes (got 8 bytes)."], result.Failures);
    }

    [Fact]
    public void Validate_PreviousKeysMalformedEntry_ExactMessage()
    {
        var options = new VaultOptions { Key = GoodKey };
        options.ApplyPreviousKeysSetting("just-a-key-without-id");

        var result = validator.Validate(null, options);

        Assert.Equal(["VAULT_PREVIOUS_KEYS must be keyId=base64 pairs separated by ';'."], result.Failures);
    }

    [Fact]
    public void Validate_PreviousKeysRepeatCurrentId_ExactMessage()
    {
        var options = new VaultOptions { Key = GoodKey, KeyId = "k1" };
        options.ApplyPreviousKeysSetting($"k1={GoodKey}");

        var result = validator.Validate(null, options);

        Assert.Equal(["VAULT_PREVIOUS_KEYS must not contain the current VAULT_KEY_ID 'k1'."], result.Failures);
    }

    [Fact]
    public void ApplyPreviousKeysSetting_TwoEntriesWithPadding_BothParsedIntact()
    {
        var other = Convert.ToBase64String(new byte[32]);
        var options = new VaultOptions();

        options.ApplyPreviousKeysSetting($" k0={GoodKey} ; k00={other};");

        Assert.Equal(GoodKey, options.PreviousKeys["k0"]);
        Assert.Equal(other, options.PreviousKeys["k00"]);
        Assert.Equal(0, options.MalformedPreviousKeyEntries);
    }
}
