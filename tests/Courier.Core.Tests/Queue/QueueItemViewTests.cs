using Courier.Core.Queue;
using Courier.TestUtils.Factories;
using Microsoft.Extensions.Time.Testing;

namespace Courier.Core.Tests.Queue;

public sealed class QueueItemViewTests
{
    private static readonly IReadOnlyDictionary<QueueState, string> Names = new Dictionary<QueueState, string> { [QueueState.Queued] = "PENDING" };
    private readonly QueueItemFactory _items = new(new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void From_ReDrivenItem_ShowsTheJobsStateNameItsHistoryAndItsReDrives()
    {
        var item = _items.Queued() with { Attempts = 3, LastError = "INVALID_GCLID: rejected", Redrives = 2 };

        var view = QueueItemView.From(item, Names);

        Assert.Equal(("PENDING", 3, "INVALID_GCLID: rejected", 2), (view.Status, view.Attempts, view.LastError, view.Redrives));
        Assert.Equal(item.DueAt, view.NextAttemptAt);
    }

    [Fact]
    public void From_StateWithoutAName_UpperCaseStateAndNoNextAttemptWhenFinished()
    {
        var view = QueueItemView.From(_items.Failed(), Names);

        Assert.Equal(("FAILED", 0), (view.Status, view.Redrives));
        Assert.Null(view.NextAttemptAt);
    }
}
