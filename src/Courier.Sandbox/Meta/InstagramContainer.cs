namespace Courier.Sandbox.Meta;

/// <summary>An Instagram media container: IN_PROGRESS for a number of status reads, then FINISHED; PUBLISHED once published.</summary>
internal sealed class InstagramContainer(string id, string instagramUserId, string imageUrl, string? caption, DateTimeOffset createdAt, int pollsInProgress)
{
    public string Id { get; } = id;

    public string InstagramUserId { get; } = instagramUserId;

    public string ImageUrl { get; } = imageUrl;

    public string? Caption { get; } = caption;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>Status reads left that answer IN_PROGRESS before the container turns FINISHED.</summary>
    public int PollsInProgress { get; set; } = pollsInProgress;

    /// <summary>A status forced by the control API (ERROR, EXPIRED, …), or the terminal PUBLISHED.</summary>
    public string? ForcedStatusCode { get; set; }

    /// <summary>The <c>status</c> text Meta adds to an ERROR (for example "Error: 2207026").</summary>
    public string? StatusText { get; set; }

    public string? MediaId { get; set; }

    /// <summary>The status as it stands now, without counting a read.</summary>
    public string StatusCode => ForcedStatusCode ?? (PollsInProgress > 0 ? "IN_PROGRESS" : "FINISHED");

    /// <summary>One status read: answers the status and uses up one IN_PROGRESS read.</summary>
    public string Read()
    {
        var status = StatusCode;
        if (ForcedStatusCode is null && PollsInProgress > 0)
        {
            PollsInProgress--;
        }

        return status;
    }
}
