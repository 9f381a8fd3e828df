using System.Text.Json.Serialization;

namespace Courier.Sandbox.Google;

/// <summary>Body of <c>POST /_sandbox/google/revoke-refresh-token</c>.</summary>
public sealed record RevokeRefreshTokenRequest([property: JsonPropertyName("refresh_token")] string? RefreshToken);
