namespace Courier.Providers.GoogleAds;

/// <summary>The fate of one uploaded row.</summary>
public enum ConversionRowStatus
{
    /// <summary>Google took the conversion now.</summary>
    Accepted,

    /// <summary>Google already had it (an *_ALREADY_* error, for example after a resend): count it as completed, not as a new upload.</summary>
    AlreadyUploaded,

    /// <summary>Google refused the row; <see cref="ConversionRowOutcome.Error"/> says whether to fail, wait (TOO_RECENT_*: 6 h) or retry.</summary>
    Rejected,
}
