namespace Courier.Sandbox.Drive;

/// <summary>Ledger entry (<c>drive</c>) of one create or copy, faulted or not; never holds the token.</summary>
/// <param name="Route">The route key: <c>drive.create</c> or <c>drive.copy</c>.</param>
/// <param name="FileId">The item made (null when the call failed or was faulted before taking effect).</param>
/// <param name="SourceId">For copies: the file copied.</param>
/// <param name="ParentId">The folder the item was put in, as requested.</param>
/// <param name="Error">Drive's reason (notFound, cannotCopyFile, userRateLimitExceeded, …) when the call failed.</param>
public sealed record DriveCall(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string Route,
    string? FileId,
    string? SourceId,
    string? Name,
    string? MimeType,
    string? ParentId,
    IReadOnlyDictionary<string, string>? AppProperties,
    string? User,
    int Status,
    string? Error,
    string? Fault);
