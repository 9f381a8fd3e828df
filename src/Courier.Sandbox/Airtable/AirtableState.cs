using System.Security.Cryptography;
using Courier.Sandbox.Control;
using Microsoft.Extensions.Options;

namespace Courier.Sandbox.Airtable;

/// <summary>The sandbox's Airtable bases, the tokens allowed on each, list iterators, and each base's recent requests for the rate limit.</summary>
internal sealed class AirtableState(IOptions<AirtableSandboxOptions> options, TimeProvider time) : ISandboxState
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Dictionary<string, AirtableTable>> bases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Iterator> iterators = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> requests = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> blockedUntil = new(StringComparer.Ordinal);
    private int limit = options.Value.RequestsPerSecondPerBase;
    private TimeSpan penalty = options.Value.Penalty;

    /// <summary>Held for a whole request, so writes to one base apply one after another.</summary>
    public Lock Gate { get; } = new();

    public static string NewId(string prefix) => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(7))[..14];

    public (int Limit, TimeSpan Penalty) Quota
    {
        get
        {
            lock (Gate)
            {
                return (limit, penalty);
            }
        }

        set
        {
            lock (Gate)
            {
                (limit, penalty) = value;
                requests.Clear();
                blockedUntil.Clear();
            }
        }
    }

    /// <summary>Adds or replaces a base's tables; the token gets access to it.</summary>
    public void Seed(string baseId, string token, IReadOnlyList<AirtableTable> tables)
    {
        lock (Gate)
        {
            if (!bases.TryGetValue(baseId, out var existing))
            {
                bases[baseId] = existing = new Dictionary<string, AirtableTable>(StringComparer.Ordinal);
            }

            foreach (var table in tables)
            {
                existing[table.Name] = table;
            }

            if (!tokens.TryGetValue(token, out var allowed))
            {
                tokens[token] = allowed = new HashSet<string>(StringComparer.Ordinal);
            }

            allowed.Add(baseId);
        }
    }

    /// <summary>Call under <see cref="Gate"/>: null when the token is unknown, else whether it may use the base.</summary>
    public bool? TokenAllows(string token, string baseId) => tokens.TryGetValue(token, out var allowed) ? allowed.Contains(baseId) : null;

    /// <summary>Call under <see cref="Gate"/>: the table by name or id.</summary>
    public AirtableTable? FindTable(string baseId, string table) =>
        bases.TryGetValue(baseId, out var tables)
            ? tables.GetValueOrDefault(table) ?? tables.Values.FirstOrDefault(t => t.Id == table)
            : null;

    /// <summary>Counts one request to <paramref name="baseId"/>; false means 429 (over the limit now, or still inside the penalty).</summary>
    public bool TryCountRequest(string baseId)
    {
        lock (Gate)
        {
            var now = time.GetUtcNow();
            if (blockedUntil.TryGetValue(baseId, out var until) && now < until)
            {
                return false;
            }

            if (!requests.TryGetValue(baseId, out var recent))
            {
                requests[baseId] = recent = new Queue<DateTimeOffset>();
            }

            while (recent.Count > 0 && recent.Peek() <= now - Window)
            {
                recent.Dequeue();
            }

            if (recent.Count >= limit)
            {
                blockedUntil[baseId] = now + penalty;
                return false;
            }

            recent.Enqueue(now);
            return true;
        }
    }

    /// <summary>Call under <see cref="Gate"/>: stores the rest of a listing and returns its offset token.</summary>
    public string SaveIterator(string baseId, string tableId, IReadOnlyList<string> remaining)
    {
        var id = $"itr{NewId("")}/{remaining[0]}";
        iterators[id] = new Iterator(baseId, tableId, remaining);
        return id;
    }

    /// <summary>Call under <see cref="Gate"/>: the remaining record ids of a listing, or null when the offset is unknown here.</summary>
    public IReadOnlyList<string>? TakeIterator(string offset, string baseId, string tableId) =>
        iterators.Remove(offset, out var iterator) && iterator.BaseId == baseId && iterator.TableId == tableId ? iterator.Remaining : null;

    public void Reset()
    {
        lock (Gate)
        {
            bases.Clear();
            tokens.Clear();
            iterators.Clear();
            requests.Clear();
            blockedUntil.Clear();
            limit = options.Value.RequestsPerSecondPerBase;
            penalty = options.Value.Penalty;
        }
    }

    private sealed record Iterator(string BaseId, string TableId, IReadOnlyList<string> Remaining);
}
