namespace ContainerStages.Registry;

/// <summary>
/// Bounded retries with exponential backoff for transient push failures. The wait is a delegate so the
/// policy is unit-tested without sleeping.
/// </summary>
internal sealed class PushRetryPolicy
{
    public int MaxAttempts { get; init; } = 4;

    public TimeSpan FirstDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(16);

    public Func<TimeSpan, CancellationToken, Task> Wait { get; init; } = Task.Delay;

    /// <summary>The wait before attempt <paramref name="attempt"/> (2 or later): FirstDelay, doubled each time, capped.</summary>
    public TimeSpan DelayBefore(int attempt)
    {
        double factor = Math.Pow(2, Math.Max(0, attempt - 2));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstDelay.Ticks * factor, MaxDelay.Ticks));
        return delay;
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it gives a result that is not a transient failure, or the
    /// attempts run out; returns the last result and how many attempts it took.
    /// </summary>
    public async Task<(T Result, int Attempts)> RunAsync<T>(
        Func<int, CancellationToken, Task<T>> attempt,
        Func<T, bool> isTransientFailure,
        Action<T, int, TimeSpan> beforeRetry,
        CancellationToken cancellationToken)
    {
        for (int number = 1; ; number++)
        {
            var result = await attempt(number, cancellationToken).ConfigureAwait(false);
            if (!isTransientFailure(result) || number >= MaxAttempts)
            {
                return (result, number);
            }

            var delay = DelayBefore(number + 1);
            beforeRetry(result, number + 1, delay);
            await Wait(delay, cancellationToken).ConfigureAwait(false);
        }
    }
}
