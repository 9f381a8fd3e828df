namespace Courier.Hosting.Catalog;

/// <summary>An HTTP function's auth rule: which setting holds the secret and where a caller may present it.</summary>
public sealed record FunctionAuth
{
    public const string ApiSecretSetting = "API_SECRET";
    public const string CronSecretSetting = "CRON_SECRET";
    public const string QueryParameter = "secret";

    public required AuthKind Kind { get; init; }

    /// <summary>The app setting holding the secret; an empty setting disables the route (404).</summary>
    public string? SecretSetting { get; init; }

    /// <summary>A named header carrying the secret as its whole value, or null.</summary>
    public string? HeaderName { get; init; }

    /// <summary>Accepts <c>Authorization: Bearer &lt;secret&gt;</c>.</summary>
    public bool AcceptsBearer { get; init; }

    /// <summary>Accepts <c>?secret=&lt;secret&gt;</c>.</summary>
    public bool AcceptsQuery { get; init; }

    /// <summary>A missing or wrong secret answers 404 rather than 401, so the route cannot be discovered (artifact twin, spec §5.2).</summary>
    public bool NotFoundOnFailure { get; init; }

    /// <summary>The log event written when a caller fails auth.</summary>
    public string FailureEvent { get; init; } = "auth_failed";

    public static FunctionAuth Anonymous { get; } = new() { Kind = AuthKind.Anonymous };

    public static FunctionAuth ApiSecret { get; } = new() { Kind = AuthKind.Secret, SecretSetting = ApiSecretSetting, AcceptsBearer = true };

    public static FunctionAuth CronBearer { get; } = new() { Kind = AuthKind.Secret, SecretSetting = CronSecretSetting, AcceptsBearer = true };

    public static FunctionAuth StatusSession { get; } = new() { Kind = AuthKind.StatusSession, SecretSetting = ApiSecretSetting, AcceptsBearer = true };

    /// <summary>The accepted carriers as README shows them, e.g. "`x-cron-secret`, `?secret=`, or Bearer".</summary>
    public string DescribeCarriers()
    {
        var parts = new List<string>();
        if (HeaderName is not null) parts.Add($"`{HeaderName}`");
        if (AcceptsQuery) parts.Add($"`?{QueryParameter}=`");
        if (AcceptsBearer) parts.Add(Kind == AuthKind.StatusSession ? "Bearer or session cookie" : "Bearer");
        return parts.Count switch
        {
            0 => "none",
            1 => parts[0],
            2 => parts[0] + " or " + parts[1],
            _ => string.Join(", ", parts.Take(parts.Count - 1)) + ", or " + parts[^1],
        };
    }
}
