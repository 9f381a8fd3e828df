namespace Courier.Core.Jobs.Conversions;

/// <summary>The conversions twin's report: <c>{"ok":true,"processed","completed","failed","retry","deferred"}</c>.</summary>
public sealed record ConversionsResult(bool Ok, int Processed, int Completed, int Failed, int Retry, int Deferred);
