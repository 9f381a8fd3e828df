using Courier.Core.Jobs.WriteBack;

namespace Courier.Core.Tests.Jobs.WriteBack;

public sealed class WriteBackOptionsValidatorTests
{
    private static WriteBackOptions With(SheetMapping mapping) => new() { Models = { ["Request"] = mapping } };

    private static SheetMapping Good() => new() { SpreadsheetId = "book", Sheet = "Bob's Requests", Columns = ["id", "title", "notes", "status"], ReadOnlyColumns = ["notes"] };

    [Fact]
    public void AGoodMapping_AndNoMappingAtAll_AreValid()
    {
        Assert.True(new WriteBackOptionsValidator().Validate(null, With(Good())).Succeeded);
        Assert.True(new WriteBackOptionsValidator().Validate(null, new WriteBackOptions()).Succeeded);
    }

    [Theory]
    [InlineData("KeyColumn", "WriteBack:Models:Request:KeyColumn 'ref' is not one of its Columns.")]
    [InlineData("StatusColumn", "WriteBack:Models:Request:StatusColumn 'state' is not one of its Columns.")]
    [InlineData("ReadOnlyKey", "WriteBack:Models:Request:ReadOnlyColumns cannot hold the key or status column 'id': Courier writes those.")]
    [InlineData("Twice", "WriteBack:Models:Request:Columns names 'title' more than once.")]
    [InlineData("NoSheet", "WriteBack:Models:Request:Sheet must be a sheet name of 1 to 100 characters.")]
    [InlineData("NoSpreadsheet", "WriteBack:Models:Request:SpreadsheetId must not be empty.")]
    public void ABadMapping_IsRefusedNamingTheSetting(string fault, string message)
    {
        var mapping = Good();
        switch (fault)
        {
            case "KeyColumn": mapping.KeyColumn = "ref"; break;
            case "StatusColumn": mapping.StatusColumn = "state"; break;
            case "ReadOnlyKey": mapping.ReadOnlyColumns = ["id"]; break;
            case "Twice": mapping.Columns = ["id", "title", "title", "status"]; break;
            case "NoSheet": mapping.Sheet = ""; break;
            case "NoSpreadsheet": mapping.SpreadsheetId = " "; break;
        }

        var result = new WriteBackOptionsValidator().Validate(null, With(mapping));
        Assert.True(result.Failed);
        Assert.Contains(message, result.Failures!);
    }
}
