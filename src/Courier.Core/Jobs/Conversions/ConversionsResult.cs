namespace Courier.Core.Jobs.Conversions;

/// <summary>The conversions twin's report: <c>{"ok":true,"processed","completed","failed","retry","deferred","recovered"}</c>.</summary>
public sealed record ConversionsResult(bool Ok, int Processed, int Completed, int Failed, int Retry, int Deferred)
{
    /// <summary>Rows whose lease had expired (a crashed run's) taken back before claiming; they are then processed like any due row.</summary>
    public int Recovered { get; init; }
}
