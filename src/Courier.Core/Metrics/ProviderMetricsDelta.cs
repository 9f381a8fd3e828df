namespace Courier.Core.Metrics;

/// <summary>What one run adds to a (site, provider)'s counters in <c>ProviderUploadMetrics</c>.</summary>
public sealed record ProviderMetricsDelta(int Attempts, int Completed, int Failed, int Retry)
{
    public bool IsEmpty => Attempts == 0 && Completed == 0 && Failed == 0 && Retry == 0;

    public ProviderMetricsDelta Add(ProviderMetricsDelta other) =>
        new(Attempts + other.Attempts, Completed + other.Completed, Failed + other.Failed, Retry + other.Retry);
}
