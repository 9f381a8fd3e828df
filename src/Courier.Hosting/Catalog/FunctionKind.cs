namespace Courier.Hosting.Catalog;

/// <summary>The trigger of a catalog function, as the Functions host knows it.</summary>
public enum FunctionKind
{
    Timer,
    Http,
}
