using Courier.Core.Circuits;
using Courier.Hosting.Status;
using Microsoft.AspNetCore.Http;

namespace Courier.Hosting.Circuits;

/// <summary><c>POST /api/circuits/{siteId}/{providerKey}/close</c>: an operator's release of a circuit (held, open, half-open or isolated) to closed.</summary>
public sealed class CircuitHandlers(CircuitBreaker circuits, ICircuitStore store, HeldRowWaker waker)
{
    public async Task<IResult> CloseAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = new CircuitKey(context.Request.RouteValues["siteId"]?.ToString() ?? "", context.Request.RouteValues["providerKey"]?.ToString() ?? "");
        // A typo must not create a circuit row: only a circuit that exists can be closed.
        var before = await store.GetAsync(key, context.RequestAborted).ConfigureAwait(false);
        if (before is null)
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"no circuit for site '{key.SiteId}' and provider '{key.ProviderKey}'");
        var closed = await circuits.CloseAsync(key, context.RequestAborted).ConfigureAwait(false);
        // Rows that waited for a hold go out on the next run, not after the rest of their delay.
        var woken = await waker.WakeAsync(before, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(new { ok = true, circuit = CircuitStatus.From(closed), rowsWoken = woken });
    }
}
