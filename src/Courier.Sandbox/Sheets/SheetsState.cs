using Courier.Sandbox.Control;
using Microsoft.Extensions.Options;

namespace Courier.Sandbox.Sheets;

/// <summary>The spreadsheets the control API made, and each user's recent write requests for the per-minute quota.</summary>
internal sealed class SheetsState(IOptions<SheetsSandboxOptions> options, TimeProvider time) : ISandboxState
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Spreadsheet> spreadsheets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> writes = new(StringComparer.Ordinal);
    private int writeLimit = options.Value.WriteRequestsPerMinutePerUser;

    /// <summary>Held for a whole request, so concurrent writes apply one after another as Google serialises them per spreadsheet.</summary>
    public Lock Gate { get; } = new();

    public int WriteLimit
    {
        get
        {
            lock (Gate)
            {
                return writeLimit;
            }
        }

        set
        {
            lock (Gate)
            {
                writeLimit = value;
            }
        }
    }

    /// <summary>Adds a spreadsheet; false when the id is taken.</summary>
    public bool Add(Spreadsheet spreadsheet)
    {
        lock (Gate)
        {
            return spreadsheets.TryAdd(spreadsheet.Id, spreadsheet);
        }
    }

    /// <summary>Call under <see cref="Gate"/>.</summary>
    public Spreadsheet? Find(string id) => spreadsheets.GetValueOrDefault(id);

    /// <summary>Counts one write request of <paramref name="user"/> if the last 60 seconds leave room; false means 429.</summary>
    public bool TryCountWrite(string user)
    {
        lock (Gate)
        {
            var now = time.GetUtcNow();
            if (!writes.TryGetValue(user, out var recent))
            {
                writes[user] = recent = new Queue<DateTimeOffset>();
            }

            while (recent.Count > 0 && recent.Peek() <= now - Window)
            {
                recent.Dequeue();
            }

            if (recent.Count >= writeLimit)
            {
                return false;
            }

            recent.Enqueue(now);
            return true;
        }
    }

    public void Reset()
    {
        lock (Gate)
        {
            spreadsheets.Clear();
            writes.Clear();
            writeLimit = options.Value.WriteRequestsPerMinutePerUser;
        }
    }
}
