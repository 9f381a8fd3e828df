using Courier.Core.Jobs.PartnerDelivery;

namespace Courier.Core.Tests.Jobs.PartnerDelivery;

public sealed class PartnerDeliveryOptionsValidatorTests
{
    [Fact]
    public void Validate_WithBaseId_Succeeds() =>
        Assert.True(new PartnerDeliveryOptionsValidator().Validate(null, new PartnerDeliveryOptions { BaseId = "app1" }).Succeeded);

    [Fact]
    public void Validate_Defaults_SucceedWithTheJobNotSetUp() => Assert.True(new PartnerDeliveryOptionsValidator().Validate(null, new PartnerDeliveryOptions()).Succeeded);

    [Fact]
    public void Validate_BadValues_NamesEverySetting()
    {
        var result = new PartnerDeliveryOptionsValidator().Validate(null, new PartnerDeliveryOptions
        {
            BaseId = "app 1",
            StatusField = " ",
            ReadyField = "a}}b",
            MaxRecordsPerRun = 0,
            CopyParallelism = 33,
            DriveAttempts = 0,
            DriveRetryBaseDelay = TimeSpan.FromMinutes(1),
            MaxRateLimitWait = TimeSpan.FromMinutes(3),
        });

        Assert.Equal(
            [
                "PartnerDelivery:BaseId must be an Airtable base id (app… letters and digits), or empty while the job is not set up.",
                "PartnerDelivery:ReadyField may hold at most one '}' (Airtable formulas cannot name such a field).",
                "PartnerDelivery:StatusField must not be empty.",
                "PartnerDelivery:MaxRecordsPerRun must be between 1 and 5000.",
                "PartnerDelivery:CopyParallelism must be between 1 and 32.",
                "PartnerDelivery:DriveAttempts must be between 1 and 20.",
                "PartnerDelivery:DriveRetryBaseDelay must be between 00:00:00 and PartnerDelivery:DriveMaxDelay, which is at most 00:05:00.",
                "PartnerDelivery:MaxRateLimitWait must be between 00:00:00 and 00:02:00.",
            ],
            result.Failures);
    }
}
