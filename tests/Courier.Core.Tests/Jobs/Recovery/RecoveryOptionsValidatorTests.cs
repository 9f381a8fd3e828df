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
        Assert.Equal(500, options.MaxPerQueue);
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
    [InlineData(10_001)]
    public void Validate_MaxPerQueueOutOfRange_FailsWithExactMessage(int max)
    {
        var result = _validator.Validate(null, new RecoveryOptions { MaxPerQueue = max });

        Assert.Equal([$"Recovery:MaxPerQueue must be between 1 and 10000 (was {max})."], result.Failures);
    }

    [Fact]
    public void Validate_ZeroMinAge_Succeeds()
    {
        Assert.True(_validator.Validate(null, new RecoveryOptions { MinAge = TimeSpan.Zero }).Succeeded);
    }
}
