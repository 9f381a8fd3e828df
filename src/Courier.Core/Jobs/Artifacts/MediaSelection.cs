namespace Courier.Core.Jobs.Artifacts;

/// <summary>The rules for what an archive request may select, and how a media blob is named inside the archive.</summary>
public static class MediaSelection
{
    public const int MaxProjectIdLength = 128;
    public const int MaxPrefixLength = 512;

    /// <summary>Why <paramref name="projectId"/> cannot name a project folder, or null when it can.</summary>
    public static string? CheckProjectId(string projectId)
    {
        ArgumentNullException.ThrowIfNull(projectId);
        if (projectId.Length > MaxProjectIdLength) return $"must be at most {MaxProjectIdLength} characters";
        if (projectId.Trim() != projectId) return "must not start or end with white space";
        if (projectId.Any(char.IsControl)) return "must not contain control characters";
        if (projectId.Contains('/', StringComparison.Ordinal) || projectId.Contains('\\', StringComparison.Ordinal)) return "must not contain '/' or '\\'";
        if (projectId is "." or "..") return "must not be '.' or '..'";
        return null;
    }

    /// <summary>
    /// The folder <paramref name="prefix"/> names inside the project, normalized: no leading '/', one trailing '/' ("" for the
    /// whole project). Null with a reason when it leaves the project or cannot be a folder ('..' or '.' segments, '\', control characters).
    /// </summary>
    public static string? NormalizePrefix(string? prefix, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(prefix)) return "";
        if (prefix.Length > MaxPrefixLength) error = $"must be at most {MaxPrefixLength} characters";
        else if (prefix.Any(char.IsControl)) error = "must not contain control characters";
        else if (prefix.Contains('\\', StringComparison.Ordinal)) error = "must use '/' between folders, not '\\'";
        else if (prefix.StartsWith('/')) error = "must be a folder inside the project, without a leading '/'";
        if (error is not null) return null;

        var segments = prefix.TrimEnd('/').Split('/');
        if (segments.Any(s => s is ".." or "."))
        {
            error = "must not contain '.' or '..' segments: it names a folder inside the project";
            return null;
        }

        if (segments.Any(s => s.Length == 0))
        {
            error = "must not contain empty segments ('//')";
            return null;
        }

        return string.Join('/', segments) + "/";
    }

    /// <summary>
    /// The entry name of <paramref name="blobName"/> in the archive: its path inside the project (folders kept), with any
    /// '\' turned into '/' and empty, '.' and '..' segments dropped, so extracting it can never write outside the target folder.
    /// Null when nothing is left.
    /// </summary>
    public static string? EntryName(string blobName, string projectId)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var root = projectId + "/";
        var relative = blobName.StartsWith(root, StringComparison.Ordinal) ? blobName[root.Length..] : blobName;
        var segments = relative.Replace('\\', '/').Split('/').Where(s => s.Length > 0 && s is not "." and not "..").ToArray();
        return segments.Length == 0 ? null : string.Join('/', segments);
    }
}
