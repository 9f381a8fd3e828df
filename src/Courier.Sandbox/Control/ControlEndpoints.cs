namespace Courier.Sandbox.Control;

/// <summary>Maps the control API under <c>/_sandbox/</c>: health, fault rules, reset and ledgers.</summary>
public static class ControlEndpoints
{
    public const string Prefix = "/_sandbox";

    public static IServiceCollection AddSandboxControl(this IServiceCollection services)
    {
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<ISandboxState>(sp => sp.GetRequiredService<FaultInjector>());
        return services;
    }

    /// <summary>Registers a ledger so it is listed, readable and wiped by reset.</summary>
    public static IServiceCollection AddSandboxLedger<TEntry>(this IServiceCollection services, string name)
        where TEntry : class
    {
        services.AddSingleton(new Ledger<TEntry>(name));
        services.AddSingleton<ILedger>(sp => sp.GetRequiredService<Ledger<TEntry>>());
        services.AddSingleton<ISandboxState>(sp => sp.GetRequiredService<Ledger<TEntry>>());
        return services;
    }

    public static IEndpointRouteBuilder MapSandboxControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup(Prefix);

        control.MapGet("/health", (FaultInjector faults, IEnumerable<ILedger> ledgers) =>
            Results.Json(new { ok = true, routes = faults.Routes, ledgers = ledgers.Select(l => l.Name).Order(StringComparer.Ordinal) }));

        control.MapGet("/faults", (FaultInjector faults) => Results.Json(faults.List(), SandboxJson.Options));

        control.MapPost("/faults", (FaultSpec spec, FaultInjector faults) =>
        {
            try
            {
                var rule = faults.Add(spec);
                return Results.Json(rule, SandboxJson.Options, statusCode: StatusCodes.Status201Created);
            }
            catch (ArgumentException e)
            {
                return Results.Problem(e.Message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid fault rule");
            }
        });

        control.MapDelete("/faults", (string? route, FaultInjector faults) => Results.Json(new { removed = faults.Clear(route) }));

        control.MapPost("/reset", (IEnumerable<ISandboxState> states) =>
        {
            foreach (var state in states)
            {
                state.Reset();
            }

            return Results.Json(new { ok = true });
        });

        control.MapGet("/ledgers", (IEnumerable<ILedger> ledgers) =>
            Results.Json(ledgers.OrderBy(l => l.Name, StringComparer.Ordinal).ToDictionary(l => l.Name, View), SandboxJson.Options));

        control.MapGet("/ledgers/{name}", (string name, IEnumerable<ILedger> ledgers) =>
            ledgers.FirstOrDefault(l => l.Name == name) is { } ledger
                ? Results.Json(View(ledger), SandboxJson.Options)
                : Results.Problem($"No ledger named '{name}'.", statusCode: StatusCodes.Status404NotFound));

        return app;
    }

    private static object View(ILedger ledger)
    {
        var entries = ledger.Entries();
        return new { name = ledger.Name, count = entries.Count, entries };
    }
}
