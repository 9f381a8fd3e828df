using System.Globalization;
using Azure.Data.Tables;
using Courier.Core.Jobs.Social;
using Courier.Storage.Tables;

namespace Courier.Storage.Social;

/// <summary>
/// <see cref="ISocialAttemptStore"/> on table <c>{prefix}SocialDeliveryAttempts</c>: one partition per UTC day and one row per
/// attempt, both keys inverted so a plain range read returns the newest first and stops after <c>max</c> rows.
/// </summary>
public sealed class TableSocialAttemptStore : ISocialAttemptStore
{
    private const int PageSize = 200;

    private readonly CourierTables _tables;

    public TableSocialAttemptStore(CourierTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = tables;
    }

    public async Task AddAsync(SocialDeliveryAttempt attempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var table = await _tables.GetAsync(TableNames.SocialDeliveryAttempts, cancellationToken).ConfigureAwait(false);
        var at = attempt.AttemptedAt.ToUniversalTime();
        // The random tail keeps two rows of one post in the same tick apart (a postponed poll does not count an attempt).
        var row = $"{Inverted(at.UtcTicks)}_{KeyEscaper.EscapeBounded(attempt.PostId, 300)}_{Guid.NewGuid():N}";
        var entity = new TableEntity(Inverted(at.UtcDateTime.Date.Ticks), row)
        {
            ["post_id"] = attempt.PostId,
            ["attempt"] = attempt.Attempt,
            ["attempted_at"] = at,
            ["platform"] = attempt.Platform.ToString().ToLowerInvariant(),
            ["outcome"] = attempt.Outcome,
            ["simulated"] = attempt.Simulated,
        };
        TableText.Write(entity, "connection_id", attempt.ConnectionId);
        TableText.Write(entity, "provider_post_id", attempt.ProviderPostId);
        TableText.Write(entity, "permalink", attempt.Permalink);
        TableText.Write(entity, "error_code", attempt.ErrorCode);
        TableText.Write(entity, "message", attempt.Message);
        await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SocialDeliveryAttempt>> ListRecentAsync(int max, string? postId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var table = await _tables.GetAsync(TableNames.SocialDeliveryAttempts, cancellationToken).ConfigureAwait(false);
        var filter = postId is null ? null : TableClient.CreateQueryFilter($"post_id eq {postId}");
        var rows = new List<SocialDeliveryAttempt>(Math.Min(max, PageSize));
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, PageSize), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(Read(entity));
            if (rows.Count >= max) break;
        }

        return rows;
    }

    private static SocialDeliveryAttempt Read(TableEntity entity) => new(
        TableValues.String(entity, "post_id") ?? "",
        TableValues.Int(entity, "attempt") ?? 0,
        TableValues.Time(entity, "attempted_at") ?? DateTimeOffset.UnixEpoch,
        string.Equals(TableValues.String(entity, "platform"), "instagram", StringComparison.Ordinal) ? SocialPlatform.Instagram : SocialPlatform.Facebook,
        TableText.Read(entity, "connection_id", out _),
        TableValues.String(entity, "outcome") ?? "",
        TableText.Read(entity, "provider_post_id", out _),
        TableText.Read(entity, "permalink", out _),
        TableText.Read(entity, "error_code", out _),
        TableText.Read(entity, "message", out _),
        TableValues.Bool(entity, "simulated") ?? false);

    private static string Inverted(long ticks) => (DateTime.MaxValue.Ticks - ticks).ToString("D19", CultureInfo.InvariantCulture);
}
