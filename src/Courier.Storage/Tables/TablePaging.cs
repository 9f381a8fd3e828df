using Azure;

namespace Courier.Storage.Tables;

/// <summary>
/// Reads query results page by page, following continuation tokens to the end or until enough rows are kept. A page may be
/// empty and still carry a token (5 s cut, partition boundary), so an empty page never ends the read.
/// </summary>
internal static class TablePaging
{
    /// <summary>The service's largest page.</summary>
    public const int MaxPageSize = 1000;

    public static async Task<List<TResult>> TakeAsync<T, TResult>(AsyncPageable<T> source, int max, Func<T, TResult?> select, CancellationToken cancellationToken)
        where T : notnull
        where TResult : class
    {
        var kept = new List<TResult>();
        if (max <= 0) return kept;
        await foreach (var page in source.AsPages().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var value in page.Values)
            {
                var result = select(value);
                if (result is null) continue;
                kept.Add(result);
                if (kept.Count >= max) return kept;
            }
        }

        return kept;
    }

    /// <summary>Visits every row of every page.</summary>
    public static async Task ForEachAsync<T>(AsyncPageable<T> source, Action<T> visit, CancellationToken cancellationToken)
        where T : notnull
    {
        await foreach (var page in source.AsPages().WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var value in page.Values) visit(value);
        }
    }

    public static int PageSizeFor(int max) => Math.Clamp(max, 1, MaxPageSize);
}
