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

    [Fact]
    public void ScheduleOf_ScheduleSetting_Wins() =>
        Assert.Equal("*/2 * * * * *", With(("SCHEDULE_RECOVER_PROCESSING", "*/2 * * * * *")).ScheduleOf(JobCatalog.TimerOf(RecoveryJob.Name)!));

    [Fact]
    public void ScheduleOf_EmptySetting_IsTheCatalogSchedule() =>
        Assert.Equal("0 */30 * * * *", With(("SCHEDULE_RECOVER_PROCESSING", " ")).ScheduleOf(JobCatalog.TimerOf(RecoveryJob.Name)!));

    [Theory]
    [InlineData("AzureWebJobs.recover-processing.Disabled", "true", true)]
    [InlineData("AzureWebJobs_recover-processing_Disabled", "True", true)]
    [InlineData("AzureWebJobs_recover-processing_Disabled", "1", true)]
    // The double-underscore form (AzureWebJobs__fn__Disabled, read as AzureWebJobs:fn:Disabled) is not honoured by the host.
    [InlineData("AzureWebJobs:recover-processing:Disabled", "true", false)]
    [InlineData("AzureWebJobs_recover_processing_Disabled", "true", false)]
    [InlineData("AzureWebJobs.recover-processing.Disabled", "false", false)]
    [InlineData("AzureWebJobs.sync-write-back.Disabled", "true", false)]
    public void IsDisabled_Switch_IsRead(string key, string value, bool disabled) =>
        Assert.Equal(disabled, With((key, value)).IsDisabled("recover-processing"));
}
