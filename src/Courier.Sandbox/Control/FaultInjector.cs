using System.Text.Json.Nodes;

namespace Courier.Sandbox.Control;

/// <summary>Holds the fault rules per route key and decides, call by call, whether one fires.</summary>
public sealed class FaultInjector(TimeProvider time) : ISandboxState
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Func<int, string?, JsonNode?>> routes = new(StringComparer.Ordinal);
    private readonly List<Rule> rules = [];
    private int nextId;

    /// <summary>The route keys handlers have registered, sorted.</summary>
    public IReadOnlyList<string> Routes
    {
        get
        {
            lock (gate)
            {
                return [.. routes.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Declares a route key, with the error body its status faults use when none is given (in the provider's own format).</summary>
    public void RegisterRoute(string route, Func<int, JsonNode?> defaultBody)
    {
        ArgumentNullException.ThrowIfNull(defaultBody);
        RegisterRoute(route, (status, _) => defaultBody(status));
    }

    /// <summary>As above, for providers whose error body depends on the request path (for example the API version in it).</summary>
    public void RegisterRoute(string route, Func<int, string?, JsonNode?> defaultBody)
    {
        lock (gate)
        {
            routes[route] = defaultBody;
        }
    }

    /// <summary>Adds a rule; throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public FaultRuleStatus Add(FaultSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (gate)
        {
            // Unknown keys are refused so a typo in a test fails loudly instead of injecting nothing.
            if (!routes.ContainsKey(spec.Route))
            {
                throw new ArgumentException($"route: unknown route key '{spec.Route}'; known: {string.Join(", ", routes.Keys.Order(StringComparer.Ordinal))}.");
            }

            if (spec.Kind == FaultKind.Status && spec.Status is < 100 or > 599)
            {
                throw new ArgumentException("status: must be an HTTP status code (100-599).");
            }

            if ((spec.Kind == FaultKind.Latency && spec.Delay is null) || spec.Delay < TimeSpan.Zero)
            {
                throw new ArgumentException("delay: latency faults need a non-negative delay such as \"00:00:02\".");
            }

            if (spec.Count is <= 0)
            {
                throw new ArgumentException("count: must be at least 1 (omit it for every call).");
            }

            if (spec.Rate is < 0 or > 1)
            {
                throw new ArgumentException("rate: must be between 0 and 1.");
            }

            var rule = new Rule($"f{++nextId}", spec, new Random(spec.Seed ?? 1));
            rules.Add(rule);
            return rule.Status();
        }
    }

    /// <summary>Removes every rule, or only those of <paramref name="route"/>; returns how many went.</summary>
    public int Clear(string? route = null)
    {
        lock (gate)
        {
            return rules.RemoveAll(r => route is null || r.Spec.Route == route);
        }
    }

    public IReadOnlyList<FaultRuleStatus> List()
    {
        lock (gate)
        {
            return [.. rules.Select(r => r.Status())];
        }
    }

    /// <summary>
    /// Decides for one call on <paramref name="route"/>: the first active rule that fires wins; count-limited rules are used up.
    /// A rule with <see cref="FaultSpec.PathContains"/> only considers calls whose <paramref name="path"/> contains it.
    /// </summary>
    public InjectedFault? Next(string route, string? path = null)
    {
        lock (gate)
        {
            foreach (var rule in rules)
            {
                if (rule.Spec.Route != route
                    || (rule.Spec.PathContains is { } part && (path is null || !path.Contains(part, StringComparison.Ordinal)))
                    || !rule.Fires())
                {
                    continue;
                }

                if (rule.Remaining == 0)
                {
                    rules.Remove(rule);
                }

                var defaultBody = routes.TryGetValue(route, out var make) ? make(rule.Spec.Status, path) : null;
                return new InjectedFault(rule.Id, rule.Spec, defaultBody, time);
            }

            return null;
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            rules.Clear();
            nextId = 0;
        }
    }

    private sealed class Rule(string id, FaultSpec spec, Random random)
    {
        public string Id { get; } = id;

        public FaultSpec Spec { get; } = spec;

        public int? Remaining { get; private set; } = spec.Count;

        public int Applied { get; private set; }

        public bool Fires()
        {
            // The draw happens on every call so a seeded rate gives the same pattern whatever else is configured.
            if (Spec.Rate is { } rate && random.NextDouble() >= rate)
            {
                return false;
            }

            Applied++;
            Remaining--;
            return true;
        }

        public FaultRuleStatus Status() => new(Id, Spec, Remaining, Applied);
    }
}
