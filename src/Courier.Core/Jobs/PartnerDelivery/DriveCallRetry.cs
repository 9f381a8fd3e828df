using Courier.Core.Errors;

namespace Courier.Core.Jobs.PartnerDelivery;

/// <summary>
/// Runs one Drive call with the job's in-run retry: transient failures and rate limits back off (exponential, full jitter, on
/// the injected clock; a Retry-After wins) up to the attempt limit, then the record waits; a write whose outcome is unknown
/// first looks for its copy tag; a permanent failure is a verdict on the record, unless it holds the credential.
/// </summary>
internal sealed class DriveCallRetry(int attempts, TimeSpan baseDelay, TimeSpan maxDelay, TimeProvider time, Random random)
{
    private int retries;

    /// <summary>Retries made so far (for the report's logs).</summary>
    public int Retries => Volatile.Read(ref retries);

    public async Task<T> RunAsync<T>(string what, Func<CancellationToken, Task<T>> call, Func<CancellationToken, Task<T?>>? findExisting, CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
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
            return after < maxDelay ? after : maxDelay;
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
