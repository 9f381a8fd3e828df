using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Courier.Storage.Tables;

namespace Courier.Storage.Tests.Tables;

/// <summary>The entity limits Azurite accepts past (1 MiB, 252 properties), checked before anything is sent.</summary>
public sealed class EntitySizeTests
{
    [Fact]
    public void EnsureStorable_OverOneMebibyte_Throws()
    {
        var entity = new TableEntity("p", "r") { ["a"] = new string('x', 30_000) };
        for (var i = 0; i < 18; i++) entity[$"b{i}"] = new string('y', 30_000);

        var error = Assert.Throws<ArgumentException>(() => EntitySize.EnsureStorable(entity, "row"));

        Assert.Contains("1 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureStorable_TooManyProperties_Throws()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++) entity[$"p{i}"] = i;

        Assert.Throws<ArgumentException>(() => EntitySize.EnsureStorable(entity, "row"));
    }

    [Fact]
    public void EnsureStorable_OrdinaryRow_Passes()
    {
        var entity = new TableEntity("p", "r") { ["payload"] = new string('x', 30_000), ["n"] = 1, ["at"] = DateTimeOffset.UnixEpoch };

        EntitySize.EnsureStorable(entity, "row");

        Assert.InRange(EntitySize.StoredBytes(entity, entity), 60_000, 61_000);
    }

    [Theory]
    [InlineData("plain ascii text")]
    [InlineData("ünïcødé and 🚀 and <html> & 'quotes' \"double\" + \\")]
    [InlineData("\u0001\u0002 control")]
    public void TransactionBytes_AnyText_IsAnUpperBoundOfTheJson(string text)
    {
        var value = string.Concat(Enumerable.Repeat(text, 100));
        var action = new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "r") { ["payload"] = value });

        var estimate = EntitySize.TransactionBytes(action);

        Assert.True(estimate >= Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(value)), $"{estimate} bytes estimated");
    }
}
