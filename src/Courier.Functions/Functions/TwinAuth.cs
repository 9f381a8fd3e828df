using Microsoft.Azure.Functions.Worker;

namespace Courier.Functions.Functions;

/// <summary>
/// The auth level the host applies to the twins: anonymous by default (Courier checks its secrets), <c>function</c> when
/// published with <c>-p:CourierTwinAuth=function</c> (the host checks function keys as well).
/// </summary>
internal static class TwinAuth
{
#if COURIER_TWIN_FUNCTION_KEYS
    public const AuthorizationLevel Level = AuthorizationLevel.Function;
#else
    public const AuthorizationLevel Level = AuthorizationLevel.Anonymous;
#endif
}
