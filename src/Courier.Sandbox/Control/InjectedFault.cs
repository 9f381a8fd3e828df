using System.Text.Json.Nodes;

namespace Courier.Sandbox.Control;

/// <summary>One firing of a fault rule on one call; the handler asks it when and how to misbehave.</summary>
public sealed class InjectedFault
{
    private static readonly TimeSpan DefaultHold = TimeSpan.FromMinutes(5);

    private readonly JsonNode? defaultBody;
    private readonly TimeProvider time;

    internal InjectedFault(string ruleId, FaultSpec spec, JsonNode? defaultBody, TimeProvider time)
    {
        RuleId = ruleId;
        Spec = spec;
        this.defaultBody = defaultBody;
        this.time = time;
    }

    public string RuleId { get; }

    public FaultSpec Spec { get; }

    /// <summary>True when the handler must not process the call at all.</summary>
    public bool ShortCircuits => Spec.Kind != FaultKind.Latency && Spec.Phase == FaultPhase.Before;

    /// <summary>True when the handler processes the call but must answer with <see cref="RespondAsync"/>.</summary>
    public bool ReplacesResponse => Spec.Kind != FaultKind.Latency && Spec.Phase == FaultPhase.After;

    /// <summary>A short label for ledgers: "status:503", "timeout", "drop", "latency".</summary>
    public string Label => Spec.Kind == FaultKind.Status ? $"status:{Spec.Status}" : Spec.Kind.ToString().ToLowerInvariant();

    /// <summary>For latency faults: waits the configured delay (a client giving up ends the wait early).</summary>
    public async Task DelayIfLatencyAsync(CancellationToken cancellationToken)
    {
        if (Spec.Kind == FaultKind.Latency && Spec.Delay is { } delay)
        {
            await Task.Delay(delay, time, cancellationToken); // on the injected TimeProvider
        }
    }

    /// <summary>Produces the faulty response: an error body, or a held-then-aborted or dropped connection.</summary>
    public async Task<IResult> RespondAsync(HttpContext http)
    {
        switch (Spec.Kind)
        {
            case FaultKind.Status:
                foreach (var (name, value) in Spec.Headers ?? [])
                {
                    http.Response.Headers[name] = value;
                }

                if (Spec.RawBody is { } raw) return Results.Text(raw, "application/json", statusCode: Spec.Status);
                var body = Spec.Body?.DeepClone() ?? defaultBody?.DeepClone();
                return body is null ? Results.StatusCode(Spec.Status) : Results.Json(body, statusCode: Spec.Status);

            case FaultKind.Timeout:
                try
                {
                    await Task.Delay(Spec.Delay ?? DefaultHold, time, http.RequestAborted); // on the injected TimeProvider
                }
                catch (OperationCanceledException)
                {
                    // The client gave up first, which is the point of the fault.
                }

                Abort(http);
                return Results.Empty;

            case FaultKind.Drop:
                Abort(http);
                return Results.Empty;

            default:
                throw new InvalidOperationException($"A {Spec.Kind} fault has no response of its own.");
        }
    }

    private static void Abort(HttpContext http)
    {
        // Abort resets the connection so the client sees a transport error, never a status code.
        http.Abort();
    }
}
