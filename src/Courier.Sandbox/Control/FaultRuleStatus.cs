namespace Courier.Sandbox.Control;

/// <summary>An active fault rule and how often it has fired, as listed by <c>GET /_sandbox/faults</c>.</summary>
public sealed record FaultRuleStatus(string Id, FaultSpec Spec, int? Remaining, int Applied);
