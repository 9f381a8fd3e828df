using Courier.Hosting.Catalog;
using Microsoft.AspNetCore.Http;

namespace Courier.Hosting.Http;

/// <summary>Reads the secret a caller presented, on the carriers an auth rule accepts: its named header, a Bearer token, or <c>?secret=</c>.</summary>
public static class SecretReader
{
    /// <summary>The presented secret, or null when none of the accepted carriers has one.</summary>
    public static string? Read(HttpRequest request, FunctionAuth auth)
    {
        if (auth.HeaderName is not null && request.Headers.TryGetValue(auth.HeaderName, out var header) && !string.IsNullOrEmpty(header.ToString()))
            return header.ToString();
        if (auth.AcceptsBearer && Bearer(request) is { Length: > 0 } token) return token;
        if (auth.AcceptsQuery && request.Query.TryGetValue(FunctionAuth.QueryParameter, out var query) && !string.IsNullOrEmpty(query.ToString()))
            return query.ToString();
        return null;
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header, or null.</summary>
    public static string? Bearer(HttpRequest request)
    {
        var value = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? value[Scheme.Length..].Trim() : null;
    }
}
