using Courier.TestUtils.Hosts;
using Microsoft.Extensions.Options;

namespace Courier.Standalone.Tests.Jobs.Artifacts;

/// <summary>The artifacts job's settings are validated when the host starts: a bad one stops it with a message naming the setting.</summary>
public sealed class ArtifactsSettingsTests
{
    [Theory]
    [InlineData("Artifacts:HeartbeatEvery", "00:01:30", "Artifacts:HeartbeatEvery must be positive and at most half of Artifacts:LeaseFor (was 00:01:30, lease 00:02:00).")]
    [InlineData("Artifacts:DownloadUrlLifetime", "8.00:00:00", "Artifacts:DownloadUrlLifetime must be positive and at most 7.00:00:00 (was 8.00:00:00).")]
    [InlineData("Artifacts:MediaContainer", "Media_Files", "Artifacts:MediaContainer must be a container name: 3 to 63 lowercase letters, digits and single hyphens (was 'Media_Files').")]
    [InlineData("Artifacts:MaxAttempts", "0", "Artifacts:MaxAttempts must be between 1 and 100 (was 0).")]
    public async Task StartAsync_InvalidArtifactsSetting_FailsWithItsMessage(string key, string value, string message)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CourierTestHost.StartAsync(new Dictionary<string, string?> { [key] = value }, s => s.AddArtifacts()));

        Assert.Contains(message, error.Failures);
    }
}
