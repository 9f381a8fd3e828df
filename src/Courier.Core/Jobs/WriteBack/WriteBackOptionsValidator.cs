using Microsoft.Extensions.Options;

namespace Courier.Core.Jobs.WriteBack;

/// <summary>Checks the write-back settings at start-up, naming each bad setting by its full key.</summary>
public sealed class WriteBackOptionsValidator : IValidateOptions<WriteBackOptions>
{
    /// <summary>Columns A to ZZZ: as far as a sheet reaches.</summary>
    public const int MaxColumns = 18_278;

    public ValidateOptionsResult Validate(string? name, WriteBackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string S = WriteBackOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.DefaultSite)) failures.Add($"{S}:DefaultSite must not be empty.");
        if (options.MaxItemsPerRun is < 1 or > 100_000) failures.Add($"{S}:MaxItemsPerRun must be between 1 and 100000 (was {options.MaxItemsPerRun}).");
        if (options.MaxRowsPerRequest is < 1 or > 100_000) failures.Add($"{S}:MaxRowsPerRequest must be between 1 and 100000 (was {options.MaxRowsPerRequest}).");
        if (options.WritesPerMinute is < 1 or > 10_000) failures.Add($"{S}:WritesPerMinute must be between 1 and 10000 (was {options.WritesPerMinute}).");
        if (options.MaxAttempts is < 1 or > 100) failures.Add($"{S}:MaxAttempts must be between 1 and 100 (was {options.MaxAttempts}).");
        if (options.RetryBaseDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryBaseDelay)
            failures.Add($"{S}:RetryBaseDelay must be positive and at most {S}:RetryMaxDelay.");
        if (options.LeaseFor < TimeSpan.FromSeconds(30)) failures.Add($"{S}:LeaseFor must be at least 30 seconds (was {options.LeaseFor}).");
        if (options.LogRetention < TimeSpan.FromHours(1)) failures.Add($"{S}:LogRetention must be at least one hour (was {options.LogRetention}).");
        if (string.IsNullOrWhiteSpace(options.DeletedMarker)) failures.Add($"{S}:DeletedMarker must not be empty.");
        foreach (var (model, mapping) in options.Models) Check($"{S}:Models:{model}", model, mapping, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string key, string model, SheetMapping? mapping, List<string> failures)
    {
        if (model.Length == 0 || model.Length > 100 || !model.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            failures.Add($"{key}: a model name must be 1 to 100 ASCII letters, digits, '_' or '-'.");
        if (mapping is null) { failures.Add($"{key} is empty."); return; }
        if (string.IsNullOrWhiteSpace(mapping.SpreadsheetId)) failures.Add($"{key}:SpreadsheetId must not be empty.");
        if (string.IsNullOrWhiteSpace(mapping.Sheet) || mapping.Sheet.Length > 100) failures.Add($"{key}:Sheet must be a sheet name of 1 to 100 characters.");
        if (mapping.Columns.Count == 0) { failures.Add($"{key}:Columns must list the record's fields in column order (the first is column A)."); return; }
        if (mapping.Columns.Count > MaxColumns) failures.Add($"{key}:Columns lists {mapping.Columns.Count} columns; a sheet has at most {MaxColumns}.");
        if (mapping.Columns.Any(string.IsNullOrWhiteSpace)) failures.Add($"{key}:Columns must not hold an empty name.");
        foreach (var twice in mapping.Columns.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1))
            failures.Add($"{key}:Columns names '{twice.Key}' more than once.");
        if (!mapping.Columns.Contains(mapping.KeyColumn, StringComparer.Ordinal)) failures.Add($"{key}:KeyColumn '{mapping.KeyColumn}' is not one of its Columns.");
        if (!mapping.Columns.Contains(mapping.StatusColumn, StringComparer.Ordinal)) failures.Add($"{key}:StatusColumn '{mapping.StatusColumn}' is not one of its Columns.");
        if (mapping.KeyColumn == mapping.StatusColumn) failures.Add($"{key}:KeyColumn and StatusColumn must be different columns.");
        foreach (var column in mapping.ReadOnlyColumns)
        {
            if (!mapping.Columns.Contains(column, StringComparer.Ordinal)) failures.Add($"{key}:ReadOnlyColumns names '{column}', which is not one of its Columns.");
            else if (column == mapping.KeyColumn || column == mapping.StatusColumn) failures.Add($"{key}:ReadOnlyColumns cannot hold the key or status column '{column}': Courier writes those.");
        }
    }
}
