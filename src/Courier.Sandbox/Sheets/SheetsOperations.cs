using System.Text.Json.Nodes;

namespace Courier.Sandbox.Sheets;

/// <summary>The four values calls on one spreadsheet, after auth, quota and payload checks; call under <see cref="SheetsState.Gate"/>.</summary>
internal static class SheetsOperations
{
    public static SheetsOutcome BatchUpdate(Spreadsheet book, JsonObject body)
    {
        if (InputOption(SheetsRequestSchema.Text(body, "valueInputOption", "value_input_option")) is not { } userEntered)
        {
            return InvalidInputOption(SheetsRequestSchema.Text(body, "valueInputOption", "value_input_option"));
        }

        var data = body["data"] as JsonArray ?? [];
        var planned = new List<(SheetGrid Sheet, Bounds Target, A1Range Range, List<List<JsonNode?>> Rows, string Text)>();
        foreach (var item in data.OfType<JsonObject>())
        {
            var text = SheetsRequestSchema.Text(item, "range", "range") ?? "";
            if (!A1Range.TryParse(text, out var range) || book.Find(range) is not { } sheet)
            {
                return SheetsOutcome.Failure(SheetsErrors.UnparsableRange(text));
            }

            if (Rows(item) is not { } rows)
            {
                return SheetsOutcome.Failure(SheetsErrors.InvalidArgument($"Invalid data[{planned.Count}]: majorDimension must be ROWS or COLUMNS."));
            }

            if (Overflow(sheet, range, rows) is { } overflow)
            {
                return SheetsOutcome.Failure(SheetsErrors.InvalidArgument(overflow));
            }

            planned.Add((sheet, sheet.Resolve(range), range, rows, text));
        }

        // Checked first, written after: a bad item refuses the whole batch and writes nothing, as Google does.
        var responses = new JsonArray();
        var updated = new List<string>();
        int totalRows = 0, totalColumns = 0, totalCells = 0;
        foreach (var (sheet, target, _, rows, _) in planned)
        {
            var response = Write(sheet, target.StartRow, target.StartColumn, rows, userEntered, book.Id);
            responses.Add(response);
            updated.Add(response["updatedRange"]!.GetValue<string>());
            totalRows += response["updatedRows"]!.GetValue<int>();
            totalColumns += response["updatedColumns"]!.GetValue<int>();
            totalCells += response["updatedCells"]!.GetValue<int>();
        }

        var answer = new JsonObject { ["spreadsheetId"] = book.Id };
        if (planned.Count > 0)
        {
            answer["totalUpdatedRows"] = totalRows;
            answer["totalUpdatedColumns"] = totalColumns;
            answer["totalUpdatedCells"] = totalCells;
            answer["totalUpdatedSheets"] = planned.Select(p => p.Sheet).Distinct().Count();
            answer["responses"] = responses;
        }

        return new SheetsOutcome(200, answer, updated, planned.Sum(p => p.Rows.Count));
    }

    public static SheetsOutcome Append(Spreadsheet book, string pathRange, JsonObject body, string? valueInputOption, string? insertDataOption)
    {
        if (InputOption(valueInputOption) is not { } userEntered)
        {
            return InvalidInputOption(valueInputOption);
        }

        if (insertDataOption is not (null or "OVERWRITE" or "INSERT_ROWS"))
        {
            return SheetsOutcome.Failure(SheetsErrors.InvalidArgument($"Invalid value at 'insert_data_option' (type.googleapis.com/google.apps.sheets.v4.SheetsService.InsertDataOption), \"{insertDataOption}\""));
        }

        if (!A1Range.TryParse(pathRange, out var range) || book.Find(range) is not { } sheet)
        {
            return SheetsOutcome.Failure(SheetsErrors.UnparsableRange(pathRange));
        }

        if (SheetsRequestSchema.Text(body, "range", "range") is { } bodyRange && bodyRange != pathRange)
        {
            return SheetsOutcome.Failure(SheetsErrors.InvalidArgument($"Requested range [{pathRange}] and the range in the request body [{bodyRange}] do not match."));
        }

        if (Rows(body) is not { } rows)
        {
            return SheetsOutcome.Failure(SheetsErrors.InvalidArgument("Invalid majorDimension: must be ROWS or COLUMNS."));
        }

        var bounds = sheet.Resolve(range);

        // The table is the run of rows with data in the range's columns; new rows go right after it, or at the range's top if it is empty.
        var table = sheet.DataRows(bounds.StartRow, bounds.StartColumn, bounds.EndColumn);
        var at = table is { } t ? t.Last + 1 : bounds.StartRow;
        if (insertDataOption == "INSERT_ROWS" && rows.Count > 0)
        {
            sheet.InsertRows(at, rows.Count);
        }

        var updates = Write(sheet, at, bounds.StartColumn, rows, userEntered, book.Id);
        var answer = new JsonObject { ["spreadsheetId"] = book.Id };
        if (table is { } found)
        {
            var lastColumn = Math.Max(bounds.StartColumn, Math.Min(bounds.EndColumn, sheet.ColumnCount));
            answer["tableRange"] = new Bounds(found.First, bounds.StartColumn, found.Last, lastColumn).Format(sheet.Title);
        }

        answer["updates"] = updates;
        return new SheetsOutcome(200, answer, [updates["updatedRange"]!.GetValue<string>()], rows.Count);
    }

    public static SheetsOutcome BatchClear(Spreadsheet book, JsonObject body)
    {
        var targets = new List<(SheetGrid Sheet, Bounds Bounds)>();
        foreach (var node in body["ranges"] as JsonArray ?? [])
        {
            var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";
            if (!A1Range.TryParse(text, out var range) || book.Find(range) is not { } sheet)
            {
                return SheetsOutcome.Failure(SheetsErrors.UnparsableRange(text));
            }

            targets.Add((sheet, sheet.Resolve(range)));
        }

        var cleared = new List<string>();
        foreach (var (sheet, bounds) in targets)
        {
            sheet.Clear(bounds);
            cleared.Add(bounds.Format(sheet.Title));
        }

        var answer = new JsonObject { ["spreadsheetId"] = book.Id };
        if (cleared.Count > 0)
        {
            answer["clearedRanges"] = new JsonArray([.. cleared.Select(c => (JsonNode)c)]);
        }

        return new SheetsOutcome(200, answer, cleared, targets.Sum(t => t.Bounds.EndRow - t.Bounds.StartRow + 1));
    }

    public static SheetsOutcome Get(Spreadsheet book, string text, string? valueRenderOption, string? majorDimension)
    {
        if (!A1Range.TryParse(text, out var range) || book.Find(range) is not { } sheet)
        {
            return SheetsOutcome.Failure(SheetsErrors.UnparsableRange(text));
        }

        if (valueRenderOption is not (null or "FORMATTED_VALUE" or "UNFORMATTED_VALUE" or "FORMULA"))
        {
            return SheetsOutcome.Failure(SheetsErrors.InvalidArgument($"Invalid value at 'value_render_option' (type.googleapis.com/google.apps.sheets.v4.ValueRenderOption), \"{valueRenderOption}\""));
        }

        if (majorDimension is not (null or "ROWS"))
        {
            return SheetsOutcome.Failure(SheetsErrors.InvalidArgument("The sandbox reads with majorDimension=ROWS only."));
        }

        // Google answers the requested range clamped to the grid.
        var bounds = sheet.Resolve(range);
        bounds = bounds with { EndRow = Math.Min(bounds.EndRow, sheet.RowCount), EndColumn = Math.Min(bounds.EndColumn, sheet.ColumnCount) };
        var formatted = valueRenderOption is null or "FORMATTED_VALUE";
        var rows = sheet.Read(bounds);
        var answer = new JsonObject { ["range"] = bounds.Format(sheet.Title), ["majorDimension"] = "ROWS" };
        if (rows.Count > 0)
        {
            answer["values"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonArray([.. r.Select(c => Render(c, formatted))]))]);
        }

        return new SheetsOutcome(200, answer, [answer["range"]!.GetValue<string>()], rows.Count);
    }

    /// <summary>The sheet as the control API shows it: every row up to the last with data, cells as stored (numbers and booleans typed).</summary>
    public static JsonObject View(Spreadsheet book) => new()
    {
        ["spreadsheetId"] = book.Id,
        ["sheets"] = new JsonArray([.. book.Sheets.Select(s => (JsonNode)new JsonObject
        {
            ["title"] = s.Title,
            ["rowCount"] = s.RowCount,
            ["columnCount"] = s.ColumnCount,
            ["values"] = new JsonArray([.. s.Read(new Bounds(1, 1, s.RowCount, s.ColumnCount)).Select(r => (JsonNode)new JsonArray([.. r.Select(c => Render(c, formatted: false))]))]),
        })]),
    };

    private static JsonNode Render(JsonValue? cell, bool formatted) =>
        cell is null ? JsonValue.Create("") : formatted ? JsonValue.Create(CellValues.Formatted(cell)) : cell.DeepClone();

    private static bool? InputOption(string? option) => option switch
    {
        "RAW" => false,
        "USER_ENTERED" => true,
        _ => null,
    };

    private static SheetsOutcome InvalidInputOption(string? option) => SheetsOutcome.Failure(SheetsErrors.InvalidArgument(
        option is null or "" or "INPUT_VALUE_OPTION_UNSPECIFIED"
            ? "Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED"
            : $"Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), \"{option}\""));

    /// <summary>The values as rows (a COLUMNS body is transposed); null for an unknown majorDimension.</summary>
    private static List<List<JsonNode?>>? Rows(JsonObject item)
    {
        var lists = (item["values"] as JsonArray ?? []).Select(r => (r as JsonArray ?? []).ToList()).ToList();
        switch (SheetsRequestSchema.Text(item, "majorDimension", "major_dimension"))
        {
            case null or "ROWS" or "DIMENSION_UNSPECIFIED":
                return lists;
            case "COLUMNS":
                var height = lists.Count == 0 ? 0 : lists.Max(c => c.Count);
                return [.. Enumerable.Range(0, height).Select(r => lists.Select(c => r < c.Count ? c[r] : null).ToList())];
            default:
                return null;
        }
    }

    /// <summary>Google's refusal when the values reach past a range's explicit end.</summary>
    private static string? Overflow(SheetGrid sheet, A1Range range, List<List<JsonNode?>> rows)
    {
        var bounds = sheet.Resolve(range);
        var text = bounds.Format(sheet.Title);
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        if (range.EndRow is { } endRow && bounds.StartRow + rows.Count - 1 > endRow)
        {
            return $"Requested writing within range [{text}], but tried writing to row [{bounds.StartRow + rows.Count - 1}]";
        }

        return range.EndColumn is { } endColumn && bounds.StartColumn + width - 1 > endColumn
            ? $"Requested writing within range [{text}], but tried writing to column [{A1Range.ColumnName(bounds.StartColumn + width - 1)}]"
            : null;
    }

    private static JsonObject Write(SheetGrid sheet, int row, int column, List<List<JsonNode?>> rows, bool userEntered, string spreadsheetId)
    {
        var cells = 0;
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < rows[r].Count; c++)
            {
                // A null leaves the cell as it is; "" clears it.
                if (rows[r][c] is { } value && CellValues.Input(value, userEntered) is { } cell)
                {
                    sheet.Set(row + r, column + c, cell);
                    cells++;
                }
            }
        }

        var answer = new JsonObject { ["spreadsheetId"] = spreadsheetId };
        answer["updatedRange"] = rows.Count == 0 || width == 0
            ? A1Range.Format(sheet.Title, column, row, column, row)
            : A1Range.Format(sheet.Title, column, row, column + width - 1, row + rows.Count - 1);
        answer["updatedRows"] = rows.Count(r => r.Any(v => v is not null));
        answer["updatedColumns"] = width;
        answer["updatedCells"] = cells;
        return answer;
    }
}
