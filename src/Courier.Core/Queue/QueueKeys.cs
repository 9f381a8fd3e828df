namespace Courier.Core.Queue;

/// <summary>Rules for queue names and item ids, checked before anything is stored.</summary>
public static class QueueKeys
{
    public const int MaxIdLength = 400;

    /// <summary>Whether <paramref name="id"/> could have been stored: lookups of any other id (from a URL) answer "not found" without a read.</summary>
    public static bool IsStorableId(string id) => !string.IsNullOrWhiteSpace(id) && id.Length <= MaxIdLength && !id.Any(char.IsControl);

    /// <summary>Throws <see cref="ArgumentException"/> with a readable reason when a queue name or id cannot be stored.</summary>
    public static void Validate(string queue, string id)
    {
        if (string.IsNullOrWhiteSpace(queue) || !queue.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new ArgumentException("queue name must be non-empty ASCII letters, digits or '-'", nameof(queue));
        if (string.IsNullOrWhiteSpace(id)) throw new ArgumentException("item id must not be empty", nameof(id));
        if (id.Length > MaxIdLength) throw new ArgumentException($"item id must be at most {MaxIdLength} characters", nameof(id));
        if (id.Any(char.IsControl)) throw new ArgumentException("item id must not contain control characters", nameof(id));
    }
}
