using Courier.Sandbox.Control;
using Microsoft.Extensions.Options;

namespace Courier.Sandbox.GoogleAds;

/// <summary>
/// What Google Ads "remembers" across requests: order ids per conversion action, click conversions without an order id,
/// and which API versions are sunset or retired (from settings; the control API may change them until the next reset).
/// </summary>
public sealed class GoogleAdsState : ISandboxState
{
    /// <summary>Google generates job ids in [2^31, 2^63-1] (conversion_upload_service.proto); starting high makes a client that reads them as int32 or double fail here.</summary>
    internal const long FirstGeneratedJobId = (1L << 62) + 1;

    private readonly HashSet<(string Action, string OrderId)> orders = [];
    private readonly HashSet<(string ClickId, string Action, DateTimeOffset At)> clicks = [];
    private readonly IReadOnlySet<int> configuredSunset;
    private readonly IReadOnlySet<int> configuredRetired;
    private long jobId = FirstGeneratedJobId - 1;
    private IReadOnlySet<int> sunset;
    private IReadOnlySet<int> retired;

    public GoogleAdsState(IOptions<GoogleAdsSandboxOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        configuredSunset = ApiVersionSet.Parse(options.Value.SunsetVersions, "GoogleAds:SunsetVersions");
        configuredRetired = ApiVersionSet.Parse(options.Value.RetiredVersions, "GoogleAds:RetiredVersions");
        sunset = configuredSunset;
        retired = configuredRetired;
    }

    /// <summary>Held for a whole request, so concurrent uploads dedupe exactly like one ordered stream.</summary>
    internal Lock Gate { get; } = new();

    internal bool HasOrder(string action, string orderId) => orders.Contains((action, orderId));

    internal bool HasClick(string clickId, string action, DateTimeOffset at) => clicks.Contains((clickId, action, at));

    internal void AddOrder(string action, string orderId) => orders.Add((action, orderId));

    internal void AddClick(string clickId, string action, DateTimeOffset at) => clicks.Add((clickId, action, at));

    internal long NextJobId() => Interlocked.Increment(ref jobId);

    internal bool IsSunset(int version) => Volatile.Read(ref sunset).Contains(version);

    internal bool IsRetired(int version) => Volatile.Read(ref retired).Contains(version);

    /// <summary>Replaces the sunset and/or retired lists (null keeps one as it is); throws <see cref="FormatException"/> for a bad list.</summary>
    internal (IReadOnlySet<int> Sunset, IReadOnlySet<int> Retired) SetVersions(string? sunsetVersions, string? retiredVersions)
    {
        var newSunset = sunsetVersions is null ? Volatile.Read(ref sunset) : ApiVersionSet.Parse(sunsetVersions, "sunset");
        var newRetired = retiredVersions is null ? Volatile.Read(ref retired) : ApiVersionSet.Parse(retiredVersions, "retired");
        Volatile.Write(ref sunset, newSunset);
        Volatile.Write(ref retired, newRetired);
        return (newSunset, newRetired);
    }

    public void Reset()
    {
        lock (Gate)
        {
            orders.Clear();
            clicks.Clear();
            Volatile.Write(ref sunset, configuredSunset);
            Volatile.Write(ref retired, configuredRetired);
        }
    }
}
