using Azure.Data.Tables;
using Courier.Storage.Tables;

namespace Courier.Storage.Tests.Tables;

/// <summary>The transaction limits Azurite does not enforce, checked on the planner alone.</summary>
public sealed class TableBatchPlannerTests
{
    [Fact]
    public void Plan_MoreThanOneHundredOperations_SplitsWithoutBreakingUnits()
    {
        var units = Enumerable.Range(0, 50).Select(i => Unit(i, "p", 3)).ToList();

        var batches = TableBatchPlanner.Plan(units);

        Assert.Equal([99, 51], batches.Select(b => b.OperationCount));
        Assert.All(batches, b => Assert.True(b.OperationCount <= TableBatchPlanner.MaxOperations));
        Assert.Equal(Enumerable.Range(0, 50), batches.SelectMany(b => b.Units).Select(u => u.Tag));
    }

    [Fact]
    public void Plan_MixedPartitions_OneBatchPerPartitionInInputOrder()
    {
        var units = new[] { Unit(0, "a", 2), Unit(1, "b", 2), Unit(2, "a", 2), Unit(3, "c", 1), Unit(4, "b", 2) };

        var batches = TableBatchPlanner.Plan(units);

        Assert.Equal(["a", "b", "c"], batches.Select(b => b.PartitionKey));
        Assert.Equal([0, 2], batches[0].Units.Select(u => u.Tag));
        Assert.Equal([1, 4], batches[1].Units.Select(u => u.Tag));
        Assert.All(batches, b => Assert.All(b.Units.SelectMany(u => u.Actions), a => Assert.Equal(b.PartitionKey, a.Entity.PartitionKey)));
    }

    [Fact]
    public void Plan_PayloadOverFourMebibytes_Splits()
    {
        // 30 units of about 300 KB each: about 9 MB, which must become at least three transactions.
        var units = Enumerable.Range(0, 30).Select(i => new BatchUnit<int>(i,
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}") { ["payload"] = new string('x', 150_000), ["payload_1"] = new string('y', 150_000) }),
        ])).ToList();

        var batches = TableBatchPlanner.Plan(units);

        Assert.True(batches.Count >= 3, $"{batches.Count} batches");
        Assert.All(batches, b => Assert.True(b.EstimatedBytes < 4L * 1024 * 1024, $"{b.EstimatedBytes} bytes"));
        Assert.Equal(Enumerable.Range(0, 30), batches.SelectMany(b => b.Units).Select(u => u.Tag));
    }

    [Fact]
    public void Plan_NonAsciiPayload_CountsEscapedSize()
    {
        // 24 × 30,000 non-ASCII characters are 1.4 MB as UTF-8 but up to 4.3 MB once JSON-escaped: not one transaction.
        var units = Enumerable.Range(0, 24).Select(i => new BatchUnit<int>(i,
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}") { ["a"] = new string('é', 30_000) }),
        ])).ToList();

        var batches = TableBatchPlanner.Plan(units);

        Assert.True(batches.Count >= 2);
    }

    [Fact]
    public void Plan_SameRowInTwoUnits_PutsTheSecondInALaterBatch()
    {
        var first = new BatchUnit<int>(0, [Update("p", "i|x"), Update("p", "due|1|x")]);
        var other = new BatchUnit<int>(1, [Update("p", "i|y")]);
        var again = new BatchUnit<int>(2, [Update("p", "i|x")]);

        var batches = TableBatchPlanner.Plan([first, other, again]);

        Assert.Equal(2, batches.Count);
        Assert.Equal([0, 1], batches[0].Units.Select(u => u.Tag));
        Assert.Equal([2], batches[1].Units.Select(u => u.Tag));
    }

    [Fact]
    public void Plan_UnitSpanningPartitions_Throws()
    {
        var unit = new BatchUnit<int>(0, [Update("a", "1"), Update("b", "1")]);

        var error = Assert.Throws<ArgumentException>(() => TableBatchPlanner.Plan([unit]));

        Assert.Contains("partition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_UnitOverTheOperationLimit_Throws()
    {
        var unit = Unit(0, "p", 101);

        Assert.Throws<ArgumentException>(() => TableBatchPlanner.Plan([unit]));
    }

    [Fact]
    public void Plan_UnitOverThePayloadLimit_Throws()
    {
        var unit = new BatchUnit<int>(0, Enumerable.Range(0, 5).Select(i =>
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}") { ["payload"] = new string('x', 1_000_000) })).ToList());

        Assert.Throws<ArgumentException>(() => TableBatchPlanner.Plan([unit]));
    }

    [Fact]
    public void Plan_UnitTouchingARowTwice_Throws()
    {
        var unit = new BatchUnit<int>(0, [Update("p", "r"), Update("p", "r")]);

        Assert.Throws<ArgumentException>(() => TableBatchPlanner.Plan([unit]));
    }

    [Fact]
    public void Plan_SmallerLimits_AreRespected()
    {
        var units = Enumerable.Range(0, 10).Select(i => Unit(i, "p", 2)).ToList();

        var batches = TableBatchPlanner.Plan(units, maxOperations: 5);

        Assert.Equal(5, batches.Count);
        Assert.All(batches, b => Assert.Equal(4, b.OperationCount));
    }

    private static BatchUnit<int> Unit(int tag, string partition, int operations) =>
        new(tag, Enumerable.Range(0, operations).Select(o => Update(partition, $"u{tag}-{o}")).ToList());

    private static TableTransactionAction Update(string partition, string row) =>
        new(TableTransactionActionType.UpdateReplace, new TableEntity(partition, row) { ["v"] = 1 });
}
