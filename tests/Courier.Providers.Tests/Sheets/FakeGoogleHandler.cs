using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Courier.Providers.Tests.Sheets;

/// <summary>
/// An in-test stand-in for Google's token endpoint (JWT bearer grant, checked against the test key; STS token exchange) and the
/// Sheets API: it records every request and answers Sheets calls with what a test scripts, in Google's documented wire format.
/// </summary>
internal sealed class FakeGoogleHandler(RSA key) : HttpMessageHandler
{
    public const string TokenUrl = "https://oauth.test/token";
    public const string StsUrl = "https://sts.test/v1/token";

    private int tokens;

    public ConcurrentQueue<Recorded> TokenCalls { get; } = new();

    public ConcurrentQueue<Recorded> SheetsCalls { get; } = new();

    /// <summary>Answers Sheets calls; the default is an empty 200.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Sheets { get; set; } = (_, _) => Task.FromResult(Json(HttpStatusCode.OK, "{}"));

    /// <summary>Overrides the token endpoint's answer (an error body, for example).</summary>
    public Func<HttpResponseMessage>? TokenAnswer { get; set; }

    public static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static string GoogleError(int code, string status, string message) =>
        JsonSerializer.Serialize(new { error = new { code, message, status } });

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new Recorded(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), request.Content?.Headers.ContentType?.MediaType, body);
        var url = request.RequestUri!.GetLeftPart(UriPartial.Path);
        if (url is TokenUrl or StsUrl)
        {
            TokenCalls.Enqueue(recorded);
            if (TokenAnswer is { } answer)
            {
                return answer();
            }

            var form = Form(body);
            if (url == TokenUrl && (form.GetValueOrDefault("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !SignatureValid(form.GetValueOrDefault("assertion"))))
            {
                return Json(HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");
            }

            var n = Interlocked.Increment(ref tokens);
            return Json(HttpStatusCode.OK, $$"""{"access_token":"ya29.fake-token-{{n}}","expires_in":3600,"token_type":"Bearer","issued_token_type":"urn:ietf:params:oauth:token-type:access_token"}""");
        }

        SheetsCalls.Enqueue(recorded);
        return await Sheets(request, cancellationToken);
    }

    public static Dictionary<string, string> Form(string body) =>
        body.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => p.Length > 1 ? Uri.UnescapeDataString(p[1].Replace('+', ' ')) : "");

    /// <summary>The claims of a JWT assertion (not checked here; <see cref="SignatureValid"/> checks the signature).</summary>
    public static JsonElement Claims(string assertion) =>
        JsonDocument.Parse(Base64Url(assertion.Split('.')[1])).RootElement.Clone();

    private bool SignatureValid(string? assertion)
    {
        var parts = assertion?.Split('.');
        return parts is { Length: 3 }
            && key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    private static byte[] Base64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    public sealed record Recorded(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, string Body);
}
