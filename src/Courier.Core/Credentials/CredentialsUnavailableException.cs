namespace Courier.Core.Credentials;

/// <summary>A site's credentials are missing, unreadable or incomplete; the message is readable and holds no secret.</summary>
public sealed class CredentialsUnavailableException(string reason) : Exception(reason);
