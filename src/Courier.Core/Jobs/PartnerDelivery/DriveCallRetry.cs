using Courier.Core.Errors;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// Runs one Drive call with the job's in-run retry: transient failures and rate limits back off (exponential, full jitter, on
/// the injected clock; a Retry-After wins) up to the attempt limit, then the record waits; a write whose outcome is unknown
/// first looks for its copy tag; a permanent failure is a verdict on the record, unless it holds the credential. A
/// Retry-After longer than the longest back-off is not waited for in the run: that record waits, and no Drive call of the
/// run is made before the time Drive gave (the records that would have made one wait too).
/// </summary>
internal sealed class DriveCallRetry(int attempts, TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider time, Random random)
{
    private readonly Lock rateLimitGate = new();
    private int retries;
    private DateTimeOffset rateLimitedUntil;
    private ProviderError? rateLimit;

    /// <summary>Retries made so far (for the report's logs).</summary>
    public int Retries => Volatile.Read(ref retries);

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> call, Func<CancellationToken, Task<T?>>? findExisting, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            if (RateLimited() is { } limit)
            {
                throw new DeliveryWaitException(limit, called: false);
            }

            ProviderError error;
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException e)
            {
                error = e.Error;
            }

            if (error.Class == ErrorClass.Permanent)
            {
                throw error.HoldReason is null
                    ? new DeliveryRejectedException($"{what}: {error.Message} ({error.Code})", error)
                    : new DeliveryWaitException(error);
            }

            if (error.RetryAfter is { } after && after > maxDelay)
            {
                lock (rateLimitGate)
                {
                    rateLimit = error;
                    rateLimitedUntil = time.GetUtcNow() + after;
                }

                throw new DeliveryWaitException(error);
            }

            if (attempt >= attempts)
            {
                throw new DeliveryWaitException(error);
            }

            Interlocked.Increment(ref retries);
            await Task.Delay(Backoff(attempt, error), time, cancellationToken).ConfigureAwait(false);
            if (error.Class == ErrorClass.UnknownOutcome && findExisting is not null && await FindAsync(findExisting, cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }
        }
    }

    /// <summary>The rate limit whose Retry-After has not passed yet, if any.</summary>
    private ProviderError? RateLimited()
    {
        lock (rateLimitGate)
        {
            return rateLimit is not null && time.GetUtcNow() < rateLimitedUntil ? rateLimit : null;
        }
    }

    private static async Task<T?> FindAsync<T>(Func<CancellationToken, Task<T?>> findExisting, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await findExisting(cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException)
        {
            // The look-up failed too; the next attempt of the call itself decides.
            return null;
        }
    }

    private TimeSpan Backoff(int attempt, ProviderError error)
    {
        if (error.RetryAfter is { } after)
        {
            // Never longer than maxDelay here: a longer Retry-After ended the attempts above.
            return after;
        }

        var ceiling = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30)));
        double fraction;
        lock (random)
        {
            fraction = random.NextDouble();
        }

        return TimeSpan.FromMilliseconds(ceiling * fraction);
    }
}
