using System.Text.Json.Nodes;

namespace Courier.Sandbox.Drive;

/// <summary>
/// A <c>fields</c> selection: <c>id,name</c>, <c>nextPageToken, files(id, name, appProperties)</c>, <c>*</c>. Unknown names throw
/// <see cref="FormatException"/> ("Invalid field selection x"), as Drive refuses them.
/// </summary>
internal sealed class DriveFields
{
    private static readonly HashSet<string> FileFields = new(StringComparer.Ordinal)
    {
        "kind", "id", "name", "mimeType", "parents", "appProperties", "webViewLink", "trashed", "driveId", "shortcutDetails", "createdTime",
    };

    private static readonly HashSet<string> ListFields = new(StringComparer.Ordinal) { "kind", "nextPageToken", "incompleteSearch", "files" };

    private readonly Dictionary<string, HashSet<string>?> selection;

    private DriveFields(Dictionary<string, HashSet<string>?> selection) => this.selection = selection;

    /// <summary>Drive's default for one file: kind, id, name, mimeType.</summary>
    public static DriveFields FileDefault { get; } = new(new() { ["kind"] = null, ["id"] = null, ["name"] = null, ["mimeType"] = null });

    /// <summary>Drive's default for a list: kind, nextPageToken, incompleteSearch and files(kind, id, name, mimeType).</summary>
    public static DriveFields ListDefault { get; } = new(new()
    {
        ["kind"] = null, ["nextPageToken"] = null, ["incompleteSearch"] = null, ["files"] = ["kind", "id", "name", "mimeType"],
    });

    public static DriveFields Parse(string? text, bool list)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return list ? ListDefault : FileDefault;
        }

        var selection = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && text[i] is not (',' or '('))
            {
                i++;
            }

            var name = text[start..i].Trim();
            HashSet<string>? inner = null;
            if (i < text.Length && text[i] == '(')
            {
                var close = text.IndexOf(')', i);
                if (close < 0)
                {
                    throw new FormatException($"Invalid field selection {text}");
                }

                inner = [.. text[(i + 1)..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
                i = close + 1;
            }

            i++; // the comma
            if (name.Length == 0)
            {
                continue;
            }

            if (name == "*")
            {
                return new DriveFields(new() { ["*"] = null });
            }

            var known = list ? ListFields : FileFields;
            if (!known.Contains(name) || (inner is not null && (!list || name != "files")))
            {
                throw new FormatException($"Invalid field selection {name}");
            }

            if (inner?.FirstOrDefault(f => f != "*" && !FileFields.Contains(f)) is { } unknown)
            {
                throw new FormatException($"Invalid field selection {unknown}");
            }

            selection[name] = inner;
        }

        return new DriveFields(selection);
    }

    /// <summary>The file with only the selected fields.</summary>
    public JsonObject Project(DriveFile file) => Pick(file.ToJson(), selection.ContainsKey("*") ? null : selection.Keys.ToHashSet());

    /// <summary>A list response with only the selected fields.</summary>
    public JsonObject ProjectList(IEnumerable<DriveFile> files, string? nextPageToken)
    {
        var all = selection.ContainsKey("*");
        var filesSelection = all ? null : selection.GetValueOrDefault("files");
        var json = new JsonObject();
        if (all || selection.ContainsKey("kind"))
        {
            json["kind"] = "drive#fileList";
        }

        if ((all || selection.ContainsKey("nextPageToken")) && nextPageToken is not null)
        {
            json["nextPageToken"] = nextPageToken;
        }

        if (all || selection.ContainsKey("incompleteSearch"))
        {
            json["incompleteSearch"] = false;
        }

        if (all || selection.ContainsKey("files"))
        {
            json["files"] = new JsonArray([.. files.Select(f => (JsonNode)Pick(f.ToJson(), filesSelection is null || filesSelection.Contains("*") ? null : filesSelection))]);
        }

        return json;
    }

    private static JsonObject Pick(JsonObject full, HashSet<string>? names)
    {
        if (names is null)
        {
            return full;
        }

        var picked = new JsonObject();
        foreach (var name in names)
        {
            if (full[name] is { } value)
            {
                picked[name] = value.DeepClone();
            }
        }

        return picked;
    }
}
