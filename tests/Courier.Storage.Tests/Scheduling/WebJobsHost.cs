using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Newtonsoft.Json;

namespace Courier.Storage.Tests.Scheduling;

/// <summary>
/// Plays the Functions (WebJobs) host in interop tests: its blob names written out by hand, not taken from Courier's
/// code, and its schedule status type read with Newtonsoft's serializer set up as StorageScheduleMonitor sets it up.
/// </summary>
internal static class WebJobsHost
{
    public const string Container = "azure-webjobs-hosts";

    private static readonly JsonSerializerSettings Settings = new() { DateFormatHandling = DateFormatHandling.IsoDateFormat };

    /// <summary>The host's DefaultDateTimeThreshold: below it, a status value counts as unset.</summary>
    public static DateTime UnsetBelow => DateTime.MinValue.ToLocalTime().AddYears(1);

    public static async Task<BlobContainerClient> ContainerAsync(BlobServiceClient service)
    {
        var container = service.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync();
        return container;
    }

    /// <summary>Uploads <paramref name="json"/> as the host does (UTF-8, no BOM, overwriting whatever is there).</summary>
    public static Task<Azure.Response<BlobContentInfo>> WriteStatusAsync(BlobContainerClient container, string path, string json) =>
        container.GetBlobClient(path).UploadAsync(BinaryData.FromString(json), overwrite: true);

    /// <summary>Reads a status blob the way the host does: Newtonsoft into non-nullable DateTimes.</summary>
    public static Status ReadStatus(string json) => JsonConvert.DeserializeObject<Status>(json, Settings)!;

    /// <summary>WebJobs' ScheduleStatus, member for member.</summary>
    public sealed class Status
    {
        public DateTime Last { get; set; }

        public DateTime Next { get; set; }

        public DateTime LastUpdated { get; set; }
    }
}
