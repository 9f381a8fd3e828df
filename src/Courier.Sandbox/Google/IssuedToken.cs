namespace Courier.Sandbox.Google;

/// <summary>What an issued access token grants: until when, for whom, and which scopes (space-separated).</summary>
public sealed record IssuedToken(DateTimeOffset Expires, string Principal, string Scope)
{
    public bool HasScope(string scope) => Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(scope, StringComparer.Ordinal);
}
