using Azure;
using Courier.Storage.Tables;

namespace Courier.Storage.Tests.Tables;

/// <summary>The continuation loop, with page shapes Azurite never produces (empty pages that carry a token).</summary>
public sealed class TablePagingTests
{
    [Fact]
    public async Task TakeAsync_EmptyPagesWithTokens_KeepsReading()
    {
        var source = Pages(["a"], [], [], ["b", "c"], []);

        var all = await TablePaging.TakeAsync(source, 10, s => s, CancellationToken.None);

        Assert.Equal(["a", "b", "c"], all);
    }

    [Fact]
    public async Task TakeAsync_MaxReachedMidPage_StopsThere()
    {
        var source = Pages(["a", "b"], ["c", "d"], ["e"]);

        var some = await TablePaging.TakeAsync(source, 3, s => s, CancellationToken.None);

        Assert.Equal(["a", "b", "c"], some);
    }

    [Fact]
    public async Task TakeAsync_RowsSelectedAway_DoNotCountTowardsMax()
    {
        var source = Pages(["skip", "a"], [], ["skip", "b", "c"]);

        var kept = await TablePaging.TakeAsync(source, 2, s => s == "skip" ? null : s, CancellationToken.None);

        Assert.Equal(["a", "b"], kept);
    }

    [Fact]
    public async Task ForEachAsync_EveryPage_VisitsEveryRow()
    {
        var seen = new List<string>();

        await TablePaging.ForEachAsync(Pages([], ["a"], [], ["b"]), seen.Add, CancellationToken.None);

        Assert.Equal(["a", "b"], seen);
    }

    private static AsyncPageable<string> Pages(params string[][] pages) =>
        AsyncPageable<string>.FromPages(pages.Select((values, i) =>
            Page<string>.FromValues(values, i == pages.Length - 1 ? null : $"token-{i + 1}", new FakeResponse())));

    private sealed class FakeResponse : Response
    {
        public override int Status => 200;

        public override string ReasonPhrase => "OK";

        public override Stream? ContentStream { get; set; }

        public override string ClientRequestId { get; set; } = "";

        public override void Dispose()
        {
        }

        protected override bool ContainsHeader(string name) => false;

        protected override IEnumerable<Azure.Core.HttpHeader> EnumerateHeaders() => [];

        protected override bool TryGetHeader(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value)
        {
            value = null;
            return false;
        }

        protected override bool TryGetHeaderValues(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IEnumerable<string>? values)
        {
            values = null;
            return false;
        }
    }
}
