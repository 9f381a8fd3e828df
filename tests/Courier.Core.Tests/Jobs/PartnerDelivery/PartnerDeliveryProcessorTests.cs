using System.Text.Json.Nodes;
using Courier.Core.Circuits;
using Courier.Core.Errors;
using Courier.Core.Jobs.PartnerDelivery;

namespace Courier.Core.Tests.Jobs.PartnerDelivery;

public sealed class PartnerDeliveryProcessorTests
{
    private static readonly ProviderError Unavailable = ProviderError.Transient("http_503", "Service unavailable");

    [Fact]
    public async Task RunAsync_NestedTree_CopiesEveryItemTaggedAndWritesTheSuccessBack()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Asset("rec1", h.Tree("src1"));

        var report = await h.RunAsync();

        var result = Assert.Single(report.Results);
        Assert.True(result.Ok);
        Assert.Null(result.Idempotent);
        Assert.Equal("service_account", result.AuthMode);
        Assert.Equal((1, 1, 0, 0), (report.Processed, report.Succeeded, report.Failed, report.Skipped));
        var top = Assert.Single(h.Drive.ChildrenOf(PartnerDeliveryHarness.Destination));
        Assert.Equal(["a.txt", "b.txt", "sub/", "sub/c.txt", "sub/deeper/", "sub/deeper/d.txt"], h.Drive.Tree(top.Id));
        Assert.Equal(result.DeliveredFolderUrl, top.WebViewLink);
        Assert.Equal("src1", top.Tags[CopyTags.Source]);
        Assert.Equal("rec1", top.Tags[CopyTags.Record]);
        var fields = h.Records.Fields("rec1");
        Assert.True(fields["Delivered?"]!.GetValue<bool>());
        Assert.False(fields["Ready to Deliver (Webhook)"]!.GetValue<bool>());
        Assert.Equal("Delivered", fields["Delivery Status"]!.GetValue<string>());
        Assert.Equal("2025-03-01T12:00:00.000Z", fields["Delivered At"]!.GetValue<string>());
        Assert.Equal(top.WebViewLink, fields["Delivered Folder URL"]!.GetValue<string>());
        Assert.Equal(DeliveryState.Delivered, Assert.Single(h.Ledger.All()).State);
    }

    [Fact]
    public async Task RunAsync_WideTree_ListsTheSourceFoldersOfALevelTogetherAndCopiesEverything()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Drive.Add("wide", "Campaign", DriveNodeKind.Folder, null);
        foreach (var f in new[] { "f1", "f2", "f3" })
        {
            h.Drive.Add(f, "cut " + f, DriveNodeKind.Folder, "wide");
            h.Drive.Add(f + "-x", "x.mp4", DriveNodeKind.File, f);
            h.Drive.Add(f + "-y", "y.mp4", DriveNodeKind.File, f);
        }

        h.Drive.Add("f2-raw", "raw", DriveNodeKind.Folder, "f2");
        h.Drive.Add("f2-raw-z", "z.cr3", DriveNodeKind.File, "f2-raw");
        h.Asset("rec1", "wide");

        var result = Assert.Single((await h.RunAsync()).Results);

        Assert.True(result.Ok);
        // One listing per level of source folders (the top, its three folders, then f2's one), not one per folder.
        Assert.Equal([1, 3, 1], h.Drive.ListedTogether);
        var top = Assert.Single(h.Drive.ChildrenOf(PartnerDeliveryHarness.Destination));
        Assert.Equal(
            ["cut f1/", "cut f1/x.mp4", "cut f1/y.mp4", "cut f2/", "cut f2/raw/", "cut f2/raw/z.cr3", "cut f2/x.mp4", "cut f2/y.mp4", "cut f3/", "cut f3/x.mp4", "cut f3/y.mp4"],
            h.Drive.Tree(top.Id));
        Assert.Equal(12, h.Drive.Made.Count);
    }

    [Fact]
    public async Task RunAsync_SourceIsAFile_DeliversAFileUrl()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Drive.Add("file1", "cut.mp4", DriveNodeKind.File, null);
        h.Asset("rec1", "file1");

        var result = Assert.Single((await h.RunAsync()).Results);

        Assert.True(result.Ok);
        Assert.Null(result.DeliveredFolderUrl);
        Assert.Equal(result.DeliveredFileUrl, h.Records.Fields("rec1")["Delivered File URL"]!.GetValue<string>());
        Assert.Equal(["cut.mp4"], h.Drive.Tree(PartnerDeliveryHarness.Destination));
    }

    [Fact]
    public async Task RunAsync_CopyStoppedHalfway_NextRunCopiesOnlyTheRest()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Asset("rec1", h.Tree("src1"));
        h.Drive.FailWrite = id => id is "src1-b" or "src1-d" ? Unavailable : null;

        var first = Assert.Single((await h.RunAsync()).Results);
        var madeFirst = h.Drive.Made.ToList();
        var writesAfterFirst = h.Records.Updates.Count;
        h.Drive.FailWrite = _ => null;
        var second = Assert.Single((await h.RunAsync()).Results);
        var madeSecond = h.Drive.Made.Skip(madeFirst.Count).ToList();

        Assert.True(first.Waiting);
        Assert.Equal(0, writesAfterFirst);
        Assert.Contains("src1-a", madeFirst);
        Assert.DoesNotContain("src1-b", madeFirst);
        Assert.True(second.Ok);
        Assert.Null(second.Idempotent);
        Assert.Empty(madeFirst.Intersect(madeSecond));
        Assert.Equal(["src1", "src1-a", "src1-b", "src1-c", "src1-d", "src1-deeper", "src1-sub"], h.Drive.Made.Order(StringComparer.Ordinal));
        var top = Assert.Single(h.Drive.ChildrenOf(PartnerDeliveryHarness.Destination));
        Assert.Equal(6, h.Drive.Tree(top.Id).Count);
    }

    [Fact]
    public async Task RunAsync_WriteBackFailedAfterCopy_NextRunCopiesNothingAndReportsIdempotent()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Asset("rec1", h.Tree("src1"));
        h.Records.UpdateFailures.Enqueue(Unavailable);

        var first = Assert.Single((await h.RunAsync()).Results);
        var made = h.Drive.Made.Count;
        var second = Assert.Single((await h.RunAsync()).Results);

        Assert.True(first.Waiting);
        Assert.Equal("Delivered", h.Records.Fields("rec1")["Delivery Status"]!.GetValue<string>());
        Assert.Equal(made, h.Drive.Made.Count);
        Assert.True(second.Ok);
        Assert.True(second.Idempotent);
        Assert.Equal(first.AuthMode, second.AuthMode);
        Assert.NotNull(second.DeliveredFolderUrl);
    }

    [Fact]
    public async Task RunAsync_LedgerLostButTagsPresent_RecopiesNothingAndReportsIdempotent()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Asset("rec1", h.Tree("src1"));
        await h.RunAsync();
        var made = h.Drive.Made.Count;
        h.Records.Fields("rec1")["Delivered At"] = null;
        h.Records.Fields("rec1")["Ready to Deliver (Webhook)"] = true;

        var again = Assert.Single((await h.RunAsync()).Results);

        Assert.True(again.Idempotent);
        Assert.Equal(made, h.Drive.Made.Count);
    }

    [Fact]
    public async Task RunAsync_BadInputs_EachGetsAnErrorWriteBackAndTheOthersProceed()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Batch("B2", destination: null);
        h.Asset("good", h.Tree("src1"));
        h.Asset("noSource", null);
        h.Asset("noDestination", h.Tree("src2"), batch: "B2");
        h.Asset("wrongType", null, fields: ("Source Folder ID", 42));
        h.Asset("missingBatch", h.Tree("src3"), batch: "B9");

        var report = await h.RunAsync();

        Assert.Equal((5, 1, 4, 0), (report.Processed, report.Succeeded, report.Failed, report.Skipped));
        Assert.True(report.Results.Single(r => r.RecordId == "good").Ok);
        Assert.Equal("Source Folder ID is empty.", Error(h, "noSource"));
        Assert.Equal("Delivery batch 'B2' has no usable Destination Folder ID: Destination Folder ID is empty.", Error(h, "noDestination"));
        Assert.Equal("Source Folder ID must be text, but Airtable holds a number.", Error(h, "wrongType"));
        Assert.Equal("Delivery batch 'B9' was not found in Partner Delivery Batches.", Error(h, "missingBatch"));
        Assert.All(["noSource", "noDestination", "wrongType", "missingBatch"], id =>
        {
            Assert.Equal("Error", h.Records.Fields(id)["Delivery Status"]!.GetValue<string>());
            Assert.True(h.Records.Fields(id)["Ready to Deliver (Webhook)"]!.GetValue<bool>());
        });
        Assert.Single(h.Records.Updates);
    }

    [Fact]
    public async Task RunAsync_ErrorAlreadyReportedWithTheSameInput_IsNotWrittenAgainUntilTheInputChanges()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Asset("rec1", h.Tree("src1"), batch: "B9");
        await h.RunAsync();

        var again = Assert.Single((await h.RunAsync()).Results);
        h.Batch("B9");
        var fixedRun = Assert.Single((await h.RunAsync()).Results);

        Assert.True(again.Waiting);
        Assert.Equal(2, h.Records.Updates.Count);
        Assert.True(fixedRun.Ok);
    }

    [Fact]
    public async Task RunAsync_SourceNotFoundInDrive_IsAVerdictWithTheDriveMessage()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Asset("rec1", "gone");

        var result = Assert.Single((await h.RunAsync()).Results);

        Assert.False(result.Ok);
        Assert.Null(result.Waiting);
        Assert.Equal("reading source gone: File not found: gone. (notFound)", Error(h, "rec1"));
    }

    [Fact]
    public async Task RunAsync_DriveKeepsFailingTransiently_RecordWaitsAndTheDriveCircuitCountsIt()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Asset("rec1", h.Tree("src1"));
        h.Drive.FailWrite = _ => Unavailable;

        var report = await h.RunAsync();

        Assert.Equal((1, 0, 0, 1), (report.Processed, report.Succeeded, report.Failed, report.Skipped));
        Assert.Empty(h.Records.Updates);
        var metrics = (await h.Metrics.GetAsync(new CircuitKey("0Ashared", PartnerDeliveryProcessor.DriveProvider), CancellationToken.None))!;
        Assert.Equal((1, 0, 0, 1), (metrics.AttemptsTotal, metrics.CompletedTotal, metrics.FailedTotal, metrics.RetryTotal));
        Assert.Equal(1, (await h.CircuitStore.GetAsync(new CircuitKey("0Ashared", PartnerDeliveryProcessor.DriveProvider), CancellationToken.None))!.FailureCount);
    }

    [Fact]
    public async Task RunAsync_TransientDriveFailuresWithinTheAttempts_AreRetriedInTheRun()
    {
        var h = new PartnerDeliveryHarness(o => o.DriveAttempts = 5);
        h.Batch("B1");
        h.Asset("rec1", h.Tree("src1"));
        var failures = new Dictionary<string, int>(StringComparer.Ordinal);
        h.Drive.FailWrite = id =>
        {
            lock (failures)
            {
                failures[id] = failures.GetValueOrDefault(id) + 1;
                return failures[id] <= 2 ? ProviderError.Transient("userRateLimitExceeded", "User rate limit exceeded.") : null;
            }
        };

        var result = Assert.Single((await h.RunAsync()).Results);

        Assert.True(result.Ok);
        Assert.Equal(h.Drive.Made.Count, h.Drive.Made.Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_DriveRetryAfterLongerThanTheBackOff_NoDriveCallUntilItPasses()
    {
        // No back-off at all (nothing waits on the fake clock): a Retry-After longer than it must still be honoured.
        var h = new PartnerDeliveryHarness(o => (o.DriveAttempts, o.CopyParallelism, o.DriveMaxDelay) = (5, 1, TimeSpan.Zero));
        h.Batch("B1");
        h.Asset("rec1", h.Tree("src1"));
        h.Asset("rec2", h.Tree("src2"));
        var writes = 0;
        h.Drive.FailWrite = _ => Interlocked.Increment(ref writes) == 1 ? ProviderError.RateLimited("rateLimitExceeded", "Rate limit exceeded.", TimeSpan.FromSeconds(120)) : null;

        var first = await h.RunAsync();

        // The 429 ended rec1's attempts (not retried after the longest back-off) and rec2 made no call: both wait, one failure counted.
        Assert.Equal(1, writes);
        Assert.All(first.Results, r => Assert.True(r.Waiting, r.Error));
        Assert.Empty(h.Drive.Made);
        Assert.Equal(1, (await h.CircuitStore.GetAsync(new CircuitKey("0Ashared", PartnerDeliveryProcessor.DriveProvider), CancellationToken.None))!.FailureCount);

        h.Time.Advance(TimeSpan.FromSeconds(121));
        var second = await h.RunAsync();

        Assert.All(second.Results, r => Assert.True(r.Ok, r.Error));
        Assert.Equal(h.Drive.Made.Count, h.Drive.Made.Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_DriveCredentialRejected_RecordWaitsAndTheCircuitCountsAFailure()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Asset("rec1", h.Tree("src1"));
        h.Drive.FailWrite = _ => ProviderError.Permanent("authError", "Invalid Credentials") with { HoldReason = "CREDENTIALS_REJECTED" };

        var result = Assert.Single((await h.RunAsync()).Results);

        Assert.True(result.Waiting);
        var circuit = (await h.CircuitStore.GetAsync(new CircuitKey("0Ashared", PartnerDeliveryProcessor.DriveProvider), CancellationToken.None))!;
        Assert.Equal((CircuitState.Closed, 1), (circuit.State, circuit.FailureCount));
    }

    [Fact]
    public async Task RunAsync_AirtableUnavailable_DecidesNothing()
    {
        var h = new PartnerDeliveryHarness();
        h.Records.ListFailures.Enqueue(Unavailable);

        var report = await h.RunAsync();

        Assert.False(report.Ok);
        Assert.Empty(report.Results);
        Assert.Contains("http_503", report.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TwentyFiveRecords_WritesBackInBatchesOfTen()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Drive.Add("file1", "cut.mp4", DriveNodeKind.File, null);
        for (var i = 0; i < 25; i++) h.Asset($"rec{i:D2}", "file1");

        var report = await h.RunAsync();

        Assert.Equal(25, report.Succeeded);
        Assert.Equal([10, 10, 5], h.Records.Updates.Select(u => u.Count));
    }

    [Fact]
    public async Task RunAsync_OneRecordOfABatchRefusedByAirtable_OthersAreStillWritten()
    {
        var h = new PartnerDeliveryHarness();
        h.Batch("B1");
        h.Drive.Add("file1", "cut.mp4", DriveNodeKind.File, null);
        h.Asset("rec1", "file1");
        h.Asset("rec2", "file1");
        h.Records.UpdateFailures.Enqueue(ProviderError.Permanent("ROW_DOES_NOT_EXIST", "Record ID rec1 does not exist"));
        h.Records.UpdateFailures.Enqueue(ProviderError.Permanent("ROW_DOES_NOT_EXIST", "Record ID rec1 does not exist"));

        var report = await h.RunAsync();

        Assert.False(report.Results.Single(r => r.RecordId == "rec1").Ok);
        Assert.True(report.Results.Single(r => r.RecordId == "rec2").Ok);
        Assert.Equal("rec2", Assert.Single(Assert.Single(h.Records.Updates)).Id);
    }

    [Fact]
    public async Task RunAsync_CustomFieldNames_AreUsedEverywhere()
    {
        var h = new PartnerDeliveryHarness(o =>
        {
            o.AssetsTable = "Assets";
            o.ReadyField = "Go}";
            o.StatusField = "State";
        });
        h.Batch("B1");
        h.Asset("rec1", h.Tree("src1"));

        var result = Assert.Single((await h.RunAsync()).Results);

        Assert.True(result.Ok);
        Assert.Equal("Delivered", h.Records.Fields("rec1")["State"]!.GetValue<string>());
        Assert.Equal(@"AND({Go\}} = TRUE(), {Delivered At} = BLANK())", AirtableFormula.Pending(h.Options));
    }

    [Fact]
    public async Task RunAsync_NoBaseId_ReportsNotSetUpAndCallsNothing()
    {
        var h = new PartnerDeliveryHarness(o => o.BaseId = "");
        h.Records.ListFailures.Enqueue(Unavailable);

        var report = await h.RunAsync();

        Assert.False(report.Ok);
        Assert.Equal("Partner delivery is not set up: PartnerDelivery:BaseId is empty.", report.Error);
        Assert.Single(h.Records.ListFailures);
    }

    private static string Error(PartnerDeliveryHarness h, string id) => h.Records.Fields(id)["Delivery Error"]!.GetValue<string>();
}
