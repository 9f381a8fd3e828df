using Courier.Core.Jobs.PartnerDelivery;

namespace Courier.TestUtils.Conformance.PartnerDelivery;

/// <summary>Conformance of <see cref="IDeliveryLedger"/>: insert-if-absent, replace-if-unchanged, and a faithful round trip.</summary>
public abstract class DeliveryLedgerConformance
{
    protected static readonly DateTimeOffset At = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A ledger over storage no other test uses; the same <paramref name="scope"/> gives ledgers that share data.</summary>
    protected abstract IDeliveryLedger CreateLedger(string scope);

    protected static string NewScope() => "t" + Guid.NewGuid().ToString("N")[..10];

    private static CancellationToken None => CancellationToken.None;

    private static DeliveryLedgerEntry Entry(string record = "recA") =>
        new("appBASE/1", record, DeliveryState.Copying, "fp1", "src1", "dest1", null, false, 0, null, At);

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull() => Assert.Null(await CreateLedger(NewScope()).GetAsync("app1", "rec1", None));

    [Fact]
    public async Task TryWriteAsync_NewEntry_InsertsAndRoundTrips()
    {
        var ledger = CreateLedger(NewScope());
        var entry = Entry() with { State = DeliveryState.Copied, DeliveredUrl = "https://drive.google.com/drive/folders/x", DeliveredIsFolder = true, CopiedItems = 7, Error = "it's ok" };

        var version = await ledger.TryWriteAsync(entry, None);
        var stored = await ledger.GetAsync(entry.BaseId, entry.RecordId, None);

        Assert.NotNull(version);
        Assert.Equal(version, stored!.Version);
        Assert.Equal(entry, stored with { Version = null });
    }

    [Fact]
    public async Task TryWriteAsync_NewEntryWhenOneExists_ReturnsNull()
    {
        var ledger = CreateLedger(NewScope());
        await ledger.TryWriteAsync(Entry(), None);

        Assert.Null(await ledger.TryWriteAsync(Entry() with { Fingerprint = "other" }, None));
        Assert.Equal("fp1", (await ledger.GetAsync(Entry().BaseId, "recA", None))!.Fingerprint);
    }

    [Fact]
    public async Task TryWriteAsync_WithCurrentVersion_ReplacesAndGivesNewVersion()
    {
        var ledger = CreateLedger(NewScope());
        var first = await ledger.TryWriteAsync(Entry(), None);

        var second = await ledger.TryWriteAsync(Entry() with { State = DeliveryState.Delivered, Version = first }, None);

        Assert.NotNull(second);
        Assert.NotEqual(first, second);
        Assert.Equal(DeliveryState.Delivered, (await ledger.GetAsync(Entry().BaseId, "recA", None))!.State);
    }

    [Fact]
    public async Task TryWriteAsync_WithStaleVersion_ReturnsNullAndChangesNothing()
    {
        var ledger = CreateLedger(NewScope());
        var first = await ledger.TryWriteAsync(Entry(), None);
        await ledger.TryWriteAsync(Entry() with { State = DeliveryState.Copied, Version = first }, None);

        var lost = await ledger.TryWriteAsync(Entry() with { State = DeliveryState.ErrorReported, Version = first }, None);

        Assert.Null(lost);
        Assert.Equal(DeliveryState.Copied, (await ledger.GetAsync(Entry().BaseId, "recA", None))!.State);
    }

    [Fact]
    public async Task Entries_OfTwoRecords_AreKeptApart()
    {
        var ledger = CreateLedger(NewScope());
        await ledger.TryWriteAsync(Entry("recA"), None);
        await ledger.TryWriteAsync(Entry("recB") with { Fingerprint = "fpB" }, None);

        Assert.Equal("fp1", (await ledger.GetAsync(Entry().BaseId, "recA", None))!.Fingerprint);
        Assert.Equal("fpB", (await ledger.GetAsync(Entry().BaseId, "recB", None))!.Fingerprint);
    }
}
