namespace Courier.Reliability.Tests.Support;

/// <summary>
/// Which crash points a campaign tries. By default every point up to <see cref="FullUpTo"/>, else the first, the last and
/// a fixed seeded sample between; with <c>COURIER_RELIABILITY_SOAK=1</c> every point of the run, with more items.
/// </summary>
public static class CrashPoints
{
    public const string SoakVariable = "COURIER_RELIABILITY_SOAK";

    /// <summary>Points tried in full below this count (per campaign, in the quick suite).</summary>
    public const int FullUpTo = 3;

    private const int Seed = 20_260_114;

    public static bool Soak => Environment.GetEnvironmentVariable(SoakVariable) is "1" or "true";

    /// <summary>Items per round: a handful in the quick suite, more in a soak.</summary>
    public static int Items(int quick) => Soak ? quick * 4 : quick;

    /// <summary>The points (1-based) to try out of <paramref name="total"/>, and how they were chosen.</summary>
    public static (IReadOnlyList<int> Points, string How) Choose(int total, int quickBudget = FullUpTo)
    {
        if (total <= 0) return ([], "none");
        if (Soak || total <= quickBudget) return ([.. Enumerable.Range(1, total)], "all");
        // The first and the last points (start and end of the run are where bookkeeping sits), and a seeded sample between.
        var chosen = new SortedSet<int> { 1, total };
        var random = new Random(Seed + total);
        while (chosen.Count < quickBudget) chosen.Add(random.Next(2, total));
        return ([.. chosen], "first, last, seeded sample");
    }
}
