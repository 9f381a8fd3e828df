namespace Courier.Hosting.Http;

/// <summary>HTTP rules that an operator may tune (section <c>Http</c>).</summary>
public sealed class HttpOptions
{
    public const string Section = "Http";

    /// <summary>
    /// False hands secret checks of twins and secret routes to the Functions host's keys (<c>authLevel: function</c>).
    /// Honoured only by the isolated worker, whose twins the publish option makes <c>function</c> level; standalone a secret is always required.
    /// </summary>
    public bool RequireSecret { get; set; } = true;

    /// <summary>Requests a minute per client IP and twin (and the status login) before 429.</summary>
    public int TwinRateLimitPerMinute { get; set; } = 12;
}
