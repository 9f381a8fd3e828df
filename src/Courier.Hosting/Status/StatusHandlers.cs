using System.Net;
using Courier.Hosting.Catalog;
using Courier.Hosting.Circuits;
using Courier.Hosting.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Courier.Hosting.Status;

/// <summary>The host's own HTTP functions: <c>/healthz</c>, <c>/api/status</c>, <c>/status</c>, <c>/status/login</c> and the operator's circuit close.</summary>
public sealed class StatusHandlers(
    StatusService status,
    StatusSessionCookie session,
    IConfiguration configuration,
    IHostEnvironment environment,
    IClientAddressResolver clients,
    CircuitHandlers circuits,
    StatusActions actions)
{
    public Task<IResult> InvokeAsync(string function, HttpContext context) => function switch
    {
        HostFunctions.Health => Task.FromResult(Results.Json(new { status = "ok" })),
        HostFunctions.Status => ApiAsync(context),
        HostFunctions.StatusPage => PageAsync(context),
        HostFunctions.StatusLogin => LoginAsync(context),
        HostFunctions.StatusAction => actions.InvokeAsync(context),
        HostFunctions.CircuitClose => circuits.CloseAsync(context),
        _ => throw new ArgumentException($"'{function}' is not a status function.", nameof(function)),
    };

    private async Task<IResult> ApiAsync(HttpContext context) =>
        Results.Json(await status.BuildAsync(context.RequestAborted).ConfigureAwait(false));

    private async Task<IResult> PageAsync(HttpContext context)
    {
        var secret = configuration[FunctionAuth.ApiSecretSetting];
        var open = DevelopmentLoopback(context);
        if (string.IsNullOrEmpty(secret) && !open) return Problems.NotFound();

        var hasSession = session.IsValid(context);
        var signedIn = open || hasSession || SecretComparer.Matches(SecretReader.Bearer(context.Request), secret ?? "");
        if (!signedIn) return Html(context, StatusPage.Login(null), StatusCodes.Status401Unauthorized);
        // Actions need a session: a Development browser on this machine gets one with the page (a Bearer caller reads only).
        if (open && !hasSession && !string.IsNullOrEmpty(secret)) session.Issue(context);

        var report = await status.BuildAsync(context.RequestAborted).ConfigureAwait(false);
        var notice = context.Request.Query["notice"].ToString();
        return Html(context, StatusPage.Render(report, session.CsrfToken(context), notice.Length == 0 ? null : notice[..Math.Min(notice.Length, 500)]), StatusCodes.Status200OK);
    }

    private async Task<IResult> LoginAsync(HttpContext context)
    {
        var secret = configuration[FunctionAuth.ApiSecretSetting];
        if (string.IsNullOrEmpty(secret)) return Problems.NotFound();
        if (!context.Request.HasFormContentType) return Problems.BadParameter("secret", "Post the form field 'secret'.");

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!SecretComparer.Matches(form["secret"].ToString(), secret))
            return Html(context, StatusPage.Login("That secret is not right."), StatusCodes.Status401Unauthorized);

        session.Issue(context);
        return Results.Redirect("/" + HostFunctions.StatusPageRoute, permanent: false, preserveMethod: false);
    }

    /// <summary>In Development, a browser on this machine needs no secret (as the host's resolver knows the client).</summary>
    private bool DevelopmentLoopback(HttpContext context) =>
        environment.IsDevelopment() && clients.Resolve(context) is { } address && IPAddress.IsLoopback(address);

    private static IResult Html(HttpContext context, string html, int status)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
