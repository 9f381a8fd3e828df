using System.Net;
using Courier.Functions.Catalog;
using Courier.Functions.Hosting;
using Courier.Functions.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Courier.Functions.Status;

/// <summary>Maps <c>/healthz</c>, <c>/api/status</c>, <c>/status</c> and <c>/status/login</c> from their catalog entries.</summary>
public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatus(this IEndpointRouteBuilder endpoints)
    {
        var health = JobCatalog.Find("courier-healthz")!;
        var api = JobCatalog.Find("courier-status")!;
        var page = JobCatalog.Find("courier-status-page")!;
        var login = JobCatalog.Find("courier-status-login")!;

        endpoints.MapGet(health.Path, () => Results.Json(new { status = "ok" }))
            .WithDisplayName(health.Name).WithMetadata(new SecretRequirement(health.Name, health.Auth));

        endpoints.MapGet(api.Path, async (StatusService status, CancellationToken cancellationToken) => Results.Json(await status.BuildAsync(cancellationToken).ConfigureAwait(false)))
            .WithDisplayName(api.Name).WithMetadata(new SecretRequirement(api.Name, api.Auth));

        endpoints.MapGet(page.Path, PageAsync)
            .WithDisplayName(page.Name).WithMetadata(new SecretRequirement(page.Name, page.Auth));

        endpoints.MapPost(login.Path, LoginAsync)
            .WithDisplayName(login.Name).WithMetadata(new SecretRequirement(login.Name, login.Auth))
            .RequireRateLimiting(TwinRateLimiting.Policy);
        return endpoints;
    }

    private static async Task<IResult> PageAsync(HttpContext context, StatusService status, StatusSessionCookie session, IConfiguration configuration, CancellationToken cancellationToken)
    {
        var secret = configuration[FunctionAuth.ApiSecretSetting];
        var open = DevelopmentLoopback(context);
        if (string.IsNullOrEmpty(secret) && !open) return Problems.NotFound();

        var signedIn = open || session.IsValid(context) || SecretComparer.Matches(SecretReader.Bearer(context.Request), secret ?? "");
        if (!signedIn) return Html(context, StatusPage.Login(null), StatusCodes.Status401Unauthorized);

        var report = await status.BuildAsync(cancellationToken).ConfigureAwait(false);
        return Html(context, StatusPage.Render(report), StatusCodes.Status200OK);
    }

    private static async Task<IResult> LoginAsync(HttpContext context, StatusSessionCookie session, IConfiguration configuration)
    {
        var secret = configuration[FunctionAuth.ApiSecretSetting];
        if (string.IsNullOrEmpty(secret)) return Problems.NotFound();
        if (!context.Request.HasFormContentType) return Problems.BadParameter("secret", "Post the form field 'secret'.");

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!SecretComparer.Matches(form["secret"].ToString(), secret))
            return Html(context, StatusPage.Login("That secret is not right."), StatusCodes.Status401Unauthorized);

        session.Issue(context);
        return Results.Redirect("/status", permanent: false, preserveMethod: false);
    }

    /// <summary>In Development, standalone, a browser on this machine needs no secret.</summary>
    private static bool DevelopmentLoopback(HttpContext context)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<IHostEnvironment>().IsDevelopment() || services.GetRequiredService<HostingMode>().UnderFunctionsHost) return false;
        return context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);
    }

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
