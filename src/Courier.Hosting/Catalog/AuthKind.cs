namespace Courier.Hosting.Catalog;

/// <summary>How an HTTP function authenticates its caller.</summary>
public enum AuthKind
{
    /// <summary>No auth (liveness only).</summary>
    Anonymous,

    /// <summary>A shared secret from an app setting, presented on one of the accepted carriers.</summary>
    Secret,

    /// <summary>The status page: a signed session cookie from <c>/status/login</c>, or the API secret as a Bearer token.</summary>
    StatusSession,
}
