using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Courier.Hosting.Catalog;
using Courier.Hosting.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Courier.Hosting.Http;

/// <summary>
/// The checks every HTTP function passes before its handler runs, keyed by its catalog entry (spec §6), in both hosts
/// (ASP.NET Core endpoints standalone, worker middleware under the Functions host): a disabled function answers 404;
/// a development-only function answers 403 in Production whatever the request carries; twins and the status login are
/// limited per client IP (429 with Retry-After); an empty secret setting answers 404; a
/// missing or wrong secret answers 401 (404 where the catalog says so). Secrets are compared in constant time and never logged.
/// </summary>
public sealed class HttpFunctionGate : IDisposable
{
    /// <summary>Compared against when a hiding route's secret is unset, so that case costs what a wrong secret costs.</summary>
    private const string UnsetSecretStandIn = "unset-secret-stand-in";

    private static readonly ConcurrentDictionary<string, Action<ILogger, string, string, string, Exception?>> FailureLogs = new(StringComparer.Ordinal);
    private readonly IConfiguration _configuration;
    private readonly FunctionSettings _functions;
    private readonly IClientAddressResolver _clients;
    private readonly bool _trustHostKeys;
    private readonly bool _production;
    private readonly ILogger<HttpFunctionGate> _logger;
    private readonly PartitionedRateLimiter<string> _limiter;

    public HttpFunctionGate(
        IConfiguration configuration,
        IHostEnvironment environment,
        FunctionSettings functions,
        IClientAddressResolver clients,
        HostKeyPolicy hostKeys,
        IOptions<HttpOptions> options,
        ILogger<HttpFunctionGate> logger)
    {
        _configuration = configuration;
        _functions = functions;
        _clients = clients;
        _trustHostKeys = hostKeys.TrustHostKeys;
        _production = ProductionEnvironment.Is(environment, configuration);
        _logger = logger;
        var limit = options.Value.TwinRateLimitPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    /// <summary>The refusal to answer with, or null when the request may go on to its handler.</summary>
    public IResult? Check(HttpContext context, CatalogEntry entry)
    {
        if (_functions.IsDisabled(entry.Name)) return Problems.NotFound();
        // Before any secret is read: no header, query, cookie or forwarded address can make it answer otherwise.
        if (entry.DevelopmentOnly && _production)
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"{entry.Name} is disabled in Production");

        var client = _clients.Resolve(context)?.ToString() ?? "unknown";
        if (entry.RateLimited)
        {
            using var lease = _limiter.AttemptAcquire(entry.Name + "|" + client);
            if (!lease.IsAcquired)
            {
                var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too Many Requests", detail: $"Try again in {seconds} s.");
            }
        }

        var auth = entry.Auth;
        // Anonymous functions pass; the status page checks its own session.
        if (auth.Kind != AuthKind.Secret) return null;
        if (_trustHostKeys && entry.HostKeyEligible) return null;

        var expected = _configuration[auth.SecretSetting!];
        if (string.IsNullOrEmpty(expected))
        {
            if (!auth.NotFoundOnFailure) return Problems.NotFound();
            // A route that hides itself answers an unset secret exactly like a wrong one: the same comparison work, the
            // same 404, and the same failure event (naming the empty setting, never what was presented).
            _ = SecretComparer.Matches(SecretReader.Read(context.Request, auth), UnsetSecretStandIn);
            LogFailure(auth.FailureEvent, entry.Name, client, $"secret setting {auth.SecretSetting} is empty");
            return Problems.NotFound();
        }

        var presented = SecretReader.Read(context.Request, auth);
        if (SecretComparer.Matches(presented, expected)) return null;

        LogFailure(auth.FailureEvent, entry.Name, client, presented is null ? "missing secret" : "wrong secret");
        if (auth.NotFoundOnFailure) return Problems.NotFound();
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized();
    }

    public void Dispose() => _limiter.Dispose();

    private void LogFailure(string eventName, string function, string client, string reason)
    {
        var log = FailureLogs.GetOrAdd(eventName, name => LoggerMessage.Define<string, string, string>(
            LogLevel.Warning, new EventId(2001, name), name + ": {Function} refused for {Client}: {Reason}"));
        log(_logger, function, client, reason, null);
    }
}
