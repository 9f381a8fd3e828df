using System.Collections.Concurrent;
using Courier.Functions.Catalog;
using Courier.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Functions.Http;

/// <summary>
/// Enforces spec §6 on every endpoint carrying <see cref="SecretRequirement"/>: a disabled function or an empty secret
/// setting answers 404; a missing or wrong secret answers 401 (404 where the catalog says so); secrets are compared in
/// constant time and never logged.
/// </summary>
public sealed class SecretAuthMiddleware(
    RequestDelegate next,
    IConfiguration configuration,
    FunctionSettings functions,
    HostingMode mode,
    IOptions<HttpOptions> options,
    ILogger<SecretAuthMiddleware> logger)
{
    private static readonly ConcurrentDictionary<string, Action<ILogger, string, string, string, Exception?>> FailureLogs = new(StringComparer.Ordinal);
    private readonly bool _trustHostKeys = !options.Value.RequireSecret && mode.UnderFunctionsHost;

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        var requirement = endpoint?.Metadata.GetMetadata<SecretRequirement>();
        if (requirement is null) return next(context);

        var function = requirement.Function ?? CatalogRouteIndex.Find(endpoint, context.Request.Method)?.Name;
        if (function is not null && functions.IsDisabled(function)) return Problems.NotFound().ExecuteAsync(context);

        var auth = requirement.Auth;
        // Anonymous routes pass; the status page checks its own session.
        if (auth.Kind != AuthKind.Secret) return next(context);
        if (_trustHostKeys && auth.HostKeyEligible) return next(context);

        var expected = configuration[auth.SecretSetting!];
        if (string.IsNullOrEmpty(expected)) return Problems.NotFound().ExecuteAsync(context);

        var presented = SecretReader.Read(context.Request, auth);
        if (SecretComparer.Matches(presented, expected)) return next(context);

        LogFailure(auth.FailureEvent, function ?? context.Request.Path.Value ?? "", ClientAddress.KeyOf(context, mode), presented is null ? "missing secret" : "wrong secret");
        if (auth.NotFoundOnFailure) return Problems.NotFound().ExecuteAsync(context);
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized().ExecuteAsync(context);
    }

    private void LogFailure(string eventName, string function, string client, string reason)
    {
        var log = FailureLogs.GetOrAdd(eventName, name => LoggerMessage.Define<string, string, string>(
            LogLevel.Warning, new EventId(2001, name), name + ": {Function} refused for {Client}: {Reason}"));
        log(logger, function, client, reason, null);
    }
}
