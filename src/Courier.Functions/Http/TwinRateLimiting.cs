using System.Globalization;
using System.Threading.RateLimiting;
using Courier.Functions.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Courier.Functions.Http;

/// <summary>The per-client-IP limit on twins and the status login: a fixed one-minute window per (route, IP), then 429 with Retry-After.</summary>
public static class TwinRateLimiting
{
    public const string Policy = "twin";

    public static IServiceCollection AddTwinRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Policy, context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<HttpOptions>>().Value.TwinRateLimitPerMinute;
                var mode = context.RequestServices.GetRequiredService<HostingMode>();
                var key = $"{context.GetEndpoint()?.DisplayName}|{ClientAddress.KeyOf(context, mode)}";
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too Many Requests", detail: $"Try again in {seconds} s.")
                    .ExecuteAsync(rejected.HttpContext).ConfigureAwait(false);
            };
        });
        return services;
    }
}
