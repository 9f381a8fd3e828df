namespace Courier.Core.Credentials;

/// <summary>A stored secret could not be decrypted (unknown key id, tampered or corrupt value). The message never holds secret material.</summary>
public sealed class SecretUnreadableException(string reason) : Exception(reason);
