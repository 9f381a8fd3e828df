using Azure;
using Courier.Core.Errors;

namespace Courier.Storage.Artifacts;

/// <summary>Classifies Blob Storage failures of the artifacts adapters into Core's error classes.</summary>
internal static class StorageErrors
{
    /// <summary>The media file changed or vanished between listing and reading: retry on a fresh listing.</summary>
    public const string MediaChanged = "MEDIA_CHANGED";

    public static ProviderException Classify(RequestFailedException ex, string what)
    {
        var message = $"{what}: {ex.Status} {ex.ErrorCode ?? "(no code)"}";
        var error = ex.Status switch
        {
            401 or 403 => ProviderError.Permanent("STORAGE_FORBIDDEN", message + " (check the identity's role on the container)"),
            _ => ProviderError.Transient(ex.Status == 0 ? "STORAGE_UNREACHABLE" : $"STORAGE_{ex.Status}", message),
        };
        return new ProviderException(error, ex);
    }

    public static ProviderException Changed(RequestFailedException ex, string name) =>
        new(ProviderError.Transient(MediaChanged, $"media '{name}' changed or was deleted while the archive was made ({ex.Status} {ex.ErrorCode})"), ex);

    public static bool IsChanged(RequestFailedException ex) => ex.Status is 404 or 412 || ex.ErrorCode == "ConditionNotMet";
}
