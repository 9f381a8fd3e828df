namespace Courier.Core.Credentials;

/// <summary>Encrypts provider secrets before they are stored and decrypts them only in memory for a call.</summary>
public interface ISecretVault
{
    /// <summary>The id of the key <see cref="Protect"/> encrypts with, stored beside each blob so a rotation can find old values.</summary>
    string CurrentKeyId { get; }

    /// <summary>Encrypts <paramref name="plaintext"/>, binding it to <paramref name="context"/> (the row's "&lt;site&gt;/&lt;provider key&gt;") so a blob cannot be moved to another row.</summary>
    string Protect(string plaintext, string context);

    /// <summary>Decrypts a value made by <see cref="Protect"/>; throws <see cref="SecretUnreadableException"/> with a reason free of secret material.</summary>
    string Unprotect(string protectedValue, string context);
}
