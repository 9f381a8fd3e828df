using Courier.Sandbox.Control;

namespace Courier.Sandbox.GoogleAds;

/// <summary>What Google Ads "remembers" across requests: order ids per conversion action, and click conversions without an order id.</summary>
public sealed class GoogleAdsState : ISandboxState
{
    private readonly HashSet<(string Action, string OrderId)> orders = [];
    private readonly HashSet<(string ClickId, string Action, DateTimeOffset At)> clicks = [];
    private long jobId;

    /// <summary>Held for a whole request, so concurrent uploads dedupe exactly like one ordered stream.</summary>
    internal Lock Gate { get; } = new();

    internal bool HasOrder(string action, string orderId) => orders.Contains((action, orderId));

    internal bool HasClick(string clickId, string action, DateTimeOffset at) => clicks.Contains((clickId, action, at));

    internal void AddOrder(string action, string orderId) => orders.Add((action, orderId));

    internal void AddClick(string clickId, string action, DateTimeOffset at) => clicks.Add((clickId, action, at));

    internal long NextJobId() => Interlocked.Increment(ref jobId);

    public void Reset()
    {
        lock (Gate)
        {
            orders.Clear();
            clicks.Clear();
        }
    }
}
