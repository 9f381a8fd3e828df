namespace Courier.Core.Jobs.Conversions;

/// <summary>Which Google click identifier a conversion carries; exactly one per conversion.</summary>
public enum ClickIdKind
{
    Gclid,
    Gbraid,
    Wbraid,
}
