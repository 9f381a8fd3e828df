using Azure;

namespace Courier.Storage.Tables;

/// <summary>How one unit of a transaction ended: committed (with the responses of its operations) or lost to a concurrent writer.</summary>
/// <param name="Applied">True when the unit's operations committed.</param>
/// <param name="Responses">The responses of the unit's operations, in order, when applied.</param>
/// <param name="Status">The HTTP status that lost it (404, 409 or 412); 0 when applied.</param>
internal sealed record UnitResult(bool Applied, IReadOnlyList<Response>? Responses, int Status)
{
    public static UnitResult Lost(int status) => new(false, null, status);
}
