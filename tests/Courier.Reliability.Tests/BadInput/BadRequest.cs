namespace Courier.Reliability.Tests.BadInput;

/// <summary>One malformed request of the corpus: what it is (for failure messages), its query, body, content type and the value put in each route parameter.</summary>
public sealed record BadRequest(string What, string Method, string? Query, string? Body, string? ContentType = "application/json", string PathValue = "a1");
