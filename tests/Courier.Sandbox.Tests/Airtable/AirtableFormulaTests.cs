using System.Text.Json.Nodes;
using Courier.Sandbox.Airtable;

namespace Courier.Sandbox.Tests.Airtable;

public sealed class AirtableFormulaTests
{
    private static Dictionary<string, JsonNode?> Fields(params (string Name, JsonNode? Value)[] cells) => cells.ToDictionary(c => c.Name, c => c.Value);

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(true, "2026-01-01T00:00:00.000Z", false)]
    [InlineData(false, null, false)]
    public void Matches_DeliveryFormula_ReadyAndNotDelivered(bool ready, string? deliveredAt, bool expected)
    {
        var formula = AirtableFormula.Parse("AND({Ready to Deliver (Webhook)} = TRUE(), {Delivered At} = BLANK())");
        var cells = Fields(("Ready to Deliver (Webhook)", ready ? JsonValue.Create(true) : null), ("Delivered At", deliveredAt is null ? null : JsonValue.Create(deliveredAt)));

        Assert.Equal(expected, formula.Matches(cells));
        Assert.Equal(["Ready to Deliver (Webhook)", "Delivered At"], formula.Fields);
    }

    [Fact]
    public void Matches_OrNotAndStringsWithEscapes_EvaluatesEachForm()
    {
        var formula = AirtableFormula.Parse(@"OR({Batch ID} = 'B\'1', NOT({Done}), {Name} != ""x"")");

        Assert.True(formula.Matches(Fields(("Batch ID", "B'1"), ("Done", true), ("Name", "x"))));
        Assert.True(formula.Matches(Fields(("Batch ID", "other"), ("Name", "x"))));
        Assert.False(formula.Matches(Fields(("Batch ID", "other"), ("Done", true), ("Name", "x"))));
    }

    [Fact]
    public void Parse_EscapedBraceInFieldName_ReadsTheBrace()
    {
        var formula = AirtableFormula.Parse(@"{a\}b} = FALSE()");

        Assert.Equal(["a}b"], formula.Fields);
        Assert.True(formula.Matches(Fields()));
    }

    [Theory]
    [InlineData("AND({a}")]
    [InlineData("FOO({a})")]
    [InlineData("{a} = 'x")]
    [InlineData("NOT({a}, {b})")]
    [InlineData("{a} = 1 2")]
    public void Parse_Malformed_ThrowsFormatException(string text) =>
        Assert.Throws<FormatException>(() => AirtableFormula.Parse(text));
}
