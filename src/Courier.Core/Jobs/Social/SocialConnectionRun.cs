using Courier.Core.Circuits;
using Courier.Core.Credentials;
using Courier.Core.Metrics;

namespace Courier.Core.Jobs.Social;

/// <summary>What one run knows per connection: its circuit permit, decrypted credentials (memory only), calls, usage and counters.</summary>
internal sealed class SocialConnectionRun(CircuitKey key)
{
    public CircuitKey Key { get; } = key;

    public CircuitPermit? Permit { get; set; }

    public SiteCredentials? Credentials { get; set; }

    public int Sent { get; set; }

    public int Released { get; set; }

    /// <summary>The highest rate-limit usage Meta reported for this connection in this run (percent).</summary>
    public int UsagePercent { get; set; }

    public List<CallOutcome> Calls { get; } = [];

    public ProviderMetricsDelta Metrics { get; private set; } = new(0, 0, 0, 0);

    public void Observe(int usagePercent) => UsagePercent = Math.Max(UsagePercent, usagePercent);

    public void Count(ProviderMetricsDelta delta) => Metrics = Metrics.Add(delta);
}
