using Courier.Core.Errors;

namespace Courier.Providers.Google;

/// <summary>What one Google REST client gives <see cref="GoogleRestCall"/> for one call: its token source, error classification and logging.</summary>
/// <param name="AccessTokenAsync">A token for the call's credentials (cached).</param>
/// <param name="Invalidate">Drops a token the API refused, so the next read fetches a fresh one.</param>
/// <param name="Classify">The classified error of a non-2xx answer and its body.</param>
/// <param name="Fail">Logs a failure (status 0 when nothing was answered) and returns the exception to throw.</param>
/// <param name="Completed">Logs a success.</param>
/// <param name="TokenRefused">Logs a 401 before the one retry with a fresh token.</param>
public sealed record GoogleRestHooks(
    Func<CancellationToken, Task<string>> AccessTokenAsync,
    Action<string> Invalidate,
    Func<HttpResponseMessage, string, ProviderError> Classify,
    Func<int, ProviderError, Exception?, ProviderException> Fail,
    Action Completed,
    Action TokenRefused);
