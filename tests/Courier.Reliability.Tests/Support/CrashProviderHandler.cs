namespace Courier.Reliability.Tests.Support;

/// <summary>
/// The outermost handler of every provider HttpClient (added through <c>ConfigureHttpClientDefaults</c>, so outside the
/// resilience pipeline's retries): counts each logical call and dies at the armed one, before it is sent or after its answer.
/// </summary>
public sealed class CrashProviderHandler(CrashSwitch power) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var what = $"provider {request.Method} {request.RequestUri?.AbsolutePath}";
        var dieAfter = power.Before(CrashTarget.ProviderCall, counts: true, what);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (dieAfter)
        {
            // The answer is read (the provider finished) and thrown away with the process.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            response.Dispose();
            power.After(what + " (answered)");
        }

        return response;
    }
}
