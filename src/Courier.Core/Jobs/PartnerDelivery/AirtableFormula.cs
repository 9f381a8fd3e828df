namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>Builds the job's <c>filterByFormula</c> texts with field names and strings escaped as Airtable's formula syntax wants.</summary>
public static class AirtableFormula
{
    /// <summary><c>{Name}</c>, with <c>}</c> escaped as <c>\}</c>.</summary>
    public static string Field(string name) => "{" + name.Replace("}", "\\}", StringComparison.Ordinal) + "}";

    /// <summary><c>'text'</c>, with <c>\</c> and <c>'</c> escaped.</summary>
    public static string String(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>Records ready to deliver and not delivered yet: <c>AND({Ready…} = TRUE(), {Delivered At} = BLANK())</c>.</summary>
    public static string Pending(PartnerDeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return $"AND({Field(options.ReadyField)} = TRUE(), {Field(options.DeliveredAtField)} = BLANK())";
    }

    /// <summary>Records whose <paramref name="field"/> is one of <paramref name="values"/>: <c>OR({f} = 'a', {f} = 'b')</c>.</summary>
    public static string AnyOf(string field, IEnumerable<string> values) =>
        "OR(" + string.Join(", ", values.Select(v => $"{Field(field)} = {String(v)}")) + ")";
}
