namespace Courier.Storage.Tests;

/// <summary>Start-up validation of the storage settings, with the exact messages operators see.</summary>
public sealed class StorageOptionsValidatorTests
{
    private readonly StorageOptionsValidator _validator = new();

    [Fact]
    public void Validate_NoConnection_SaysHowToSetIt()
    {
        var result = _validator.Validate(null, new StorageOptions());

        Assert.Equal(["AzureWebJobsStorage is not set: give a connection string, UseDevelopmentStorage=true, or AzureWebJobsStorage__accountName."], result.Failures);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net")]
    public void Validate_ConnectionString_Succeeds(string connectionString)
    {
        Assert.True(_validator.Validate(null, new StorageOptions { ConnectionString = connectionString }).Succeeded);
    }

    [Fact]
    public void Validate_GarbageConnectionString_Fails()
    {
        var result = _validator.Validate(null, new StorageOptions { ConnectionString = "not a connection string" });

        Assert.Equal([StorageOptionsValidator.BadConnectionString], result.Failures);
    }

    [Theory]
    [InlineData("ok1", true)]
    [InlineData("courierprod2026", true)]
    [InlineData("Upper", false)]
    [InlineData("ab", false)]
    [InlineData("has-dash", false)]
    public void Validate_AccountName_MustBeAStorageAccountName(string account, bool valid)
    {
        var result = _validator.Validate(null, new StorageOptions { AccountName = account });

        Assert.Equal(valid, result.Succeeded);
        if (!valid) Assert.Equal(["AzureWebJobsStorage__accountName must be a storage account name: 3 to 24 lowercase letters or digits."], result.Failures);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("dev1", true)]
    [InlineData("1dev", false)]
    [InlineData("dev-1", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmno", false)]
    public void Validate_TablePrefix_LettersAndDigitsFromALetter(string prefix, bool valid)
    {
        var result = _validator.Validate(null, new StorageOptions { ConnectionString = "UseDevelopmentStorage=true", TablePrefix = prefix });

        Assert.Equal(valid, result.Succeeded);
        if (!valid) Assert.Equal(["Storage:TablePrefix must be at most 40 ASCII letters or digits, starting with a letter."], result.Failures);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void Validate_QueueShardsOutOfRange_Fails(int shards)
    {
        var result = _validator.Validate(null, new StorageOptions { ConnectionString = "UseDevelopmentStorage=true", QueueShards = shards });

        Assert.Equal(["Storage:QueueShards must be a whole number from 1 to 99."], result.Failures);
    }
}
