using System.Text.Json;
using Courier.Core.Validation;

namespace Courier.Core.Jobs.Artifacts;

/// <summary>Reads and validates a <c>POST /api/artifacts</c> body (<c>{"projectId","prefix"?}</c>), naming every bad field.</summary>
public static class ArtifactSubmission
{
    private static readonly string[] Known = ["projectId", "prefix"];

    /// <returns>The project and its normalized folder prefix ("" or ending with '/'), or the field errors.</returns>
    public static (string? ProjectId, string? Prefix, IReadOnlyList<FieldError> Errors) Parse(JsonElement body)
    {
        var fields = new JsonFields(body);
        if (!fields.IsObject) return (null, null, [new FieldError("$", "the body must be a JSON object")]);
        var projectId = fields.String("projectId", required: true, maxLength: MediaSelection.MaxProjectIdLength);
        if (projectId is not null && MediaSelection.CheckProjectId(projectId) is { } projectError) fields.Error("projectId", projectError);
        var rawPrefix = fields.String("prefix", required: false, maxLength: MediaSelection.MaxPrefixLength);
        var prefix = MediaSelection.NormalizePrefix(rawPrefix, out var prefixError);
        if (prefixError is not null) fields.Error("prefix", prefixError);
        foreach (var property in body.EnumerateObject())
        {
            if (!Known.Contains(property.Name, StringComparer.Ordinal)) fields.Error(property.Name, "is not a known field");
        }

        return fields.Errors.Count > 0 ? (null, null, fields.Errors) : (projectId, prefix, []);
    }
}
