using Courier.Core.Jobs.Artifacts;

namespace Courier.Core.Tests.Jobs.Artifacts;

public sealed class ArtifactsOptionsValidatorTests
{
    private static IEnumerable<string> Failures(ArtifactsOptions options) =>
        new ArtifactsOptionsValidator().Validate(null, options).Failures ?? [];

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new ArtifactsOptionsValidator().Validate(null, new ArtifactsOptions()).Succeeded);
        Assert.Equal(3, new ArtifactsOptions().MaxAttempts);
    }

    [Theory]
    [InlineData("Media", "Artifacts:MediaContainer must be a container name: 3 to 63 lowercase letters, digits and single hyphens (was 'Media').")]
    [InlineData("media", "Artifacts:ArtifactsContainer must differ from Artifacts:MediaContainer.")]
    public void Validate_BadContainer_SaysWhich(string media, string expected)
    {
        var options = new ArtifactsOptions { MediaContainer = media, ArtifactsContainer = "media" };
        if (media == "Media") options.ArtifactsContainer = "artifacts";

        Assert.Contains(expected, Failures(options));
    }

    [Fact]
    public void Validate_HeartbeatNotWellUnderTheLease_Fails()
    {
        Assert.Contains(
            "Artifacts:HeartbeatEvery must be positive and at most half of Artifacts:LeaseFor (was 00:01:30, lease 00:02:00).",
            Failures(new ArtifactsOptions { HeartbeatEvery = TimeSpan.FromSeconds(90) }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8 * 24)]
    public void Validate_DownloadUrlLifetimeOutOfRange_Fails(int hours)
    {
        Assert.Contains(
            $"Artifacts:DownloadUrlLifetime must be positive and at most 7.00:00:00 (was {TimeSpan.FromHours(hours)}).",
            Failures(new ArtifactsOptions { DownloadUrlLifetime = TimeSpan.FromHours(hours) }));
    }

    [Fact]
    public void Validate_MaxAttemptsAndStoredExtensions_AreChecked()
    {
        var failures = Failures(new ArtifactsOptions { MaxAttempts = 0, StoredExtensions = [".jpg"] }).ToList();

        Assert.Contains("Artifacts:MaxAttempts must be between 1 and 100 (was 0).", failures);
        Assert.Contains("Artifacts:StoredExtensions entries must be letters and digits without a dot (was '.jpg').", failures);
    }
}
