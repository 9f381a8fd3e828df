using Courier.Core.Jobs.Recovery;

namespace Courier.Core.Tests.Jobs.Recovery;

public sealed class RecoveryOptionsValidatorTests
{
    private readonly RecoveryOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_SucceedWithSpecifiedValues()
    {
        var options = new RecoveryOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromMinutes(15), options.MinAge);
        Assert.Equal(500, options.BatchSize);
    }

    [Fact]
    public void Validate_NegativeMinAge_FailsWithExactMessage()
    {
        var result = _validator.Validate(null, new RecoveryOptions { MinAge = TimeSpan.FromMinutes(-1) });

        Assert.True(result.Failed);
        Assert.Equal(["Recovery:MinAge must not be negative (was -00:01:00)."], result.Failures);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(5001)]
    public void Validate_BatchSizeOutOfRange_FailsWithExactMessage(int size)
    {
        var result = _validator.Validate(null, new RecoveryOptions { BatchSize = size });

        Assert.Equal([$"Recovery:BatchSize must be between 1 and 5000 (was {size})."], result.Failures);
    }

    [Fact]
    public void Validate_ZeroMinAge_Succeeds()
    {
        Assert.True(_validator.Validate(null, new RecoveryOptions { MinAge = TimeSpan.Zero }).Succeeded);
    }
}
