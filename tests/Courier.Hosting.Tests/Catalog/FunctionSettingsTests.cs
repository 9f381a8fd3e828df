using Courier.Hosting.Catalog;
using Microsoft.Extensions.Configuration;

namespace Courier.Hosting.Tests.Catalog;

public sealed class FunctionSettingsTests
{
    private static FunctionSettings With(params (string Key, string Value)[] values) =>
        new(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void ScheduleOf_NoOverride_IsTheCatalogSchedule() =>
        Assert.Equal("0 */30 * * * *", With().ScheduleOf(JobCatalog.TimerOf(RecoveryJob.Name)!));

    [Theory]
    [InlineData("Schedules:recover-processing")]
    [InlineData("Schedules:recover_processing")]
    public void ScheduleOf_Override_WinsInEitherSpelling(string key) =>
        Assert.Equal("*/2 * * * * *", With((key, "*/2 * * * * *")).ScheduleOf(JobCatalog.TimerOf(RecoveryJob.Name)!));

    [Theory]
    [InlineData("AzureWebJobs.recover-processing.Disabled", "true", true)]
    [InlineData("AzureWebJobs:recover-processing:Disabled", "True", true)]
    [InlineData("AzureWebJobs:recover_processing:Disabled", "1", true)]
    [InlineData("AzureWebJobs.recover-processing.Disabled", "false", false)]
    [InlineData("AzureWebJobs.sync-write-back.Disabled", "true", false)]
    public void IsDisabled_Switch_IsRead(string key, string value, bool disabled) =>
        Assert.Equal(disabled, With((key, value)).IsDisabled("recover-processing"));
}
