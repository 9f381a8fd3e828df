using Courier.Reliability.Tests.Report;

namespace Courier.Reliability.Tests.Support;

/// <summary>The invariants every crash campaign ends with.</summary>
public static class CrashAssert
{
    public static void NoneLostNoneTwice(CrashRow row, bool unknownAllowed = true)
    {
        Assert.True(row.CrashPointsTried > 0, $"{row.Job} {row.Kind}: no crash point was reached");
        Assert.True(row.Lost == 0 && row.DuplicatedSideEffects == 0, $"{row.Job} {row.Kind}: {row.Lost} lost, {row.DuplicatedSideEffects} duplicated: {row.UnknownResolution}");
        if (!unknownAllowed) Assert.True(row.Unknown == 0, $"{row.Job} {row.Kind}: {row.Unknown} Unknown where the job's design has none");
    }
}
