namespace Courier.Sandbox.GoogleAds;

/// <summary>One problem Google's JSON front end finds in a request body: the field path (proto names, may be empty) and its text.</summary>
internal sealed record PayloadViolation(string? Field, string Description);
