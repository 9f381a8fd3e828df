using Courier.Core.Queue;
using Courier.Storage.Queue;

namespace Courier.Storage.Tests.Queue;

/// <summary>The queue key layout: stable shards, index keys that sort by state then time.</summary>
public sealed class QueueRowKeysTests
{
    private static readonly DateTimeOffset At = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("a", 7, 5)]
    [InlineData("foobar", 7, 0)]
    [InlineData("sale-1", 7, 2)]
    [InlineData("", 4, 1)]
    public void Shard_KnownIds_FnvOneAHashModuloShards(string id, int shards, int expected)
    {
        // FNV-1a of "a" is 0xE40C292C and of "foobar" 0xBF9CF968: the layout must not change across processes or releases.
        Assert.Equal(expected, QueueRowKeys.Shard(id, shards));
    }

    [Fact]
    public void Partition_QueueAndShard_ZeroPadded()
    {
        Assert.Equal("conversions-03", QueueRowKeys.Partition("conversions", 3));
    }

    [Theory]
    [InlineData(QueueState.Queued, "due|")]
    [InlineData(QueueState.Retry, "due|")]
    [InlineData(QueueState.Processing, "due|")]
    [InlineData(QueueState.Failed, "fail|")]
    [InlineData(QueueState.Unknown, "unk|")]
    public void Index_EachState_PrefixTicksAndEscapedId(QueueState state, string prefix)
    {
        var item = new QueueItem { Queue = "q", Id = "a/b", State = state, DueAt = At, LeaseUntil = At };

        var key = QueueRowKeys.Index(item);

        Assert.Equal($"{prefix}{At.UtcTicks:D19}|a!2Fb", key);
        Assert.True(QueueRowKeys.TryParseIndex(key, out var parsedPrefix, out var parsedAt, out var escapedId));
        Assert.Equal((prefix, At, "a!2Fb"), (parsedPrefix, parsedAt, escapedId));
    }

    [Fact]
    public void Index_Processing_KeepsItsDueRow()
    {
        var item = new QueueItem { Queue = "q", Id = "x", State = QueueState.Processing, DueAt = At, LeaseUntil = At + TimeSpan.FromMinutes(5) };

        Assert.Equal($"due|{At.UtcTicks:D19}|x", QueueRowKeys.Index(item));
    }

    [Fact]
    public void Index_Completed_ByCreationTimeToTheMillisecond()
    {
        var created = At + TimeSpan.FromTicks(12_345);
        var item = new QueueItem { Queue = "q", Id = "x", State = QueueState.Completed, DueAt = At + TimeSpan.FromHours(3), CreatedAt = created };

        Assert.Equal($"done|{(At + TimeSpan.FromMilliseconds(1)).UtcTicks:D19}|x", QueueRowKeys.Index(item));
    }

    [Fact]
    public void Index_EarlierTime_SortsFirst()
    {
        var early = QueueRowKeys.Index("due|", At, "zzz");
        var late = QueueRowKeys.Index("due|", At + TimeSpan.FromTicks(1), "aaa");

        Assert.True(string.CompareOrdinal(early, late) < 0);
        Assert.True(string.CompareOrdinal(late, QueueRowKeys.UpperBoundInclusive("due|", At + TimeSpan.FromTicks(1))) < 0);
        Assert.True(string.CompareOrdinal(late, QueueRowKeys.UpperBoundExclusive("due|", At + TimeSpan.FromTicks(1))) > 0);
    }

    [Fact]
    public void LowerBound_FailRows_AtTheTimeIncludedEarlierExcluded()
    {
        var at = QueueRowKeys.Index("fail|", At, "x");
        var earlier = QueueRowKeys.Index("fail|", At - TimeSpan.FromTicks(1), "x");

        Assert.True(string.CompareOrdinal(at, QueueRowKeys.LowerBound("fail|", At)) >= 0);
        Assert.True(string.CompareOrdinal(earlier, QueueRowKeys.LowerBound("fail|", At)) < 0);
        Assert.True(string.CompareOrdinal(QueueRowKeys.LowerBound("fail|", DateTimeOffset.MinValue), "fail|") > 0);
    }

    [Theory]
    [InlineData("i|x")]
    [InlineData("due|123|x")]
    [InlineData("due|00000000000000000x1|x")]
    [InlineData("other|0000000000000000001|x")]
    public void TryParseIndex_NotAnIndexKey_False(string key)
    {
        Assert.False(QueueRowKeys.TryParseIndex(key, out _, out _, out _));
    }

    [Fact]
    public void EndOf_Prefix_FollowsEveryKeyWithThatPrefix()
    {
        Assert.Equal("due}", QueueRowKeys.EndOf("due|"));
        Assert.True(string.CompareOrdinal($"due|{DateTimeOffset.MaxValue.UtcTicks:D19}|\uffff", "due}") < 0);
    }
}
