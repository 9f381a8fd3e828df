using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Courier.Storage;

/// <summary>Checks <see cref="StorageOptions"/> at start-up, with messages that say which setting to fix and how.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public const string MissingConnection = "AzureWebJobsStorage is not set: give a connection string, UseDevelopmentStorage=true, or AzureWebJobsStorage__accountName.";
    public const string BadConnectionString = "AzureWebJobsStorage is not a valid storage connection string: expected UseDevelopmentStorage=true or AccountName=…;AccountKey=… (or endpoints with a SAS).";
    public const string BadAccountName = "AzureWebJobsStorage__accountName must be a storage account name: 3 to 24 lowercase letters or digits.";
    public const string BadTablePrefix = "Storage:TablePrefix must be at most 40 ASCII letters or digits, starting with a letter.";
    public const string BadQueueShards = "Storage:QueueShards must be a whole number from 1 to 99.";

    /// <summary>Table names hold at most 63 characters; the longest Courier table name is 21.</summary>
    public const int MaxTablePrefixLength = 40;

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            if (!IsParsable(options.ConnectionString)) failures.Add(BadConnectionString);
        }
        else if (string.IsNullOrWhiteSpace(options.AccountName))
        {
            failures.Add(MissingConnection);
        }
        else if (options.AccountName.Length is < 3 or > 24 || !options.AccountName.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)))
        {
            failures.Add(BadAccountName);
        }

        var prefix = options.TablePrefix ?? "";
        if (prefix.Length > MaxTablePrefixLength || !prefix.All(char.IsAsciiLetterOrDigit) || (prefix.Length > 0 && !char.IsAsciiLetter(prefix[0])))
            failures.Add(BadTablePrefix);
        if (options.QueueShards is < 1 or > 99) failures.Add(BadQueueShards);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsParsable(string connectionString)
    {
        try
        {
            // Parsing only: constructing a client makes no request.
            _ = new TableServiceClient(connectionString);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
