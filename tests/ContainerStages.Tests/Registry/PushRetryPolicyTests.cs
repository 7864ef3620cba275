using ContainerStages.Registry;

namespace ContainerStages.Tests.Registry;

/// <summary>The push retry policy, with a recorded wait instead of a real one.</summary>
[TestClass]
public sealed class PushRetryPolicyTests
{
    private readonly List<TimeSpan> _waits = [];

    private PushRetryPolicy Policy(int maxAttempts = 4) => new()
    {
        MaxAttempts = maxAttempts,
        FirstDelay = TimeSpan.FromSeconds(2),
        MaxDelay = TimeSpan.FromSeconds(5),
        Wait = (delay, _) => { _waits.Add(delay); return Task.CompletedTask; },
    };

    [TestMethod]
    public void DelayBefore_DoublesFromTheFirstDelay_UpToTheCap()
    {
        var policy = Policy();

        Assert.AreEqual(TimeSpan.FromSeconds(2), policy.DelayBefore(2));
        Assert.AreEqual(TimeSpan.FromSeconds(4), policy.DelayBefore(3));
        Assert.AreEqual(TimeSpan.FromSeconds(5), policy.DelayBefore(4));
        Assert.AreEqual(TimeSpan.FromSeconds(5), policy.DelayBefore(10));
    }

    [TestMethod]
    public async Task Success_IsNotRetried()
    {
        var (result, attempts) = await Policy().RunAsync((_, _) => Task.FromResult("ok"), r => r == "transient", (_, _, _) => { }, CancellationToken.None);

        Assert.AreEqual(("ok", 1), (result, attempts));
        Assert.IsEmpty(_waits);
    }

    [TestMethod]
    public async Task TransientFailures_AreRetriedWithBackoff_UntilSuccess()
    {
        var retries = new List<int>();
        var (result, attempts) = await Policy().RunAsync(
            (n, _) => Task.FromResult(n < 3 ? "transient" : "ok"),
            r => r == "transient",
            (_, attempt, _) => retries.Add(attempt),
            CancellationToken.None);

        Assert.AreEqual(("ok", 3), (result, attempts));
        CollectionAssert.AreEqual(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) }, _waits);
        CollectionAssert.AreEqual(new[] { 2, 3 }, retries);
    }

    [TestMethod]
    public async Task TransientFailures_StopAtMaxAttempts_WithTheLastResult()
    {
        int calls = 0;
        var (result, attempts) = await Policy(maxAttempts: 3).RunAsync(
            (_, _) => { calls++; return Task.FromResult("transient"); },
            r => r == "transient",
            (_, _, _) => { },
            CancellationToken.None);

        Assert.AreEqual(("transient", 3, 3), (result, attempts, calls));
        Assert.HasCount(2, _waits);
    }

    [TestMethod]
    public async Task APermanentFailure_IsNotRetried()
    {
        var (result, attempts) = await Policy().RunAsync((_, _) => Task.FromResult("unauthorized"), r => r == "transient", (_, _, _) => { }, CancellationToken.None);

        Assert.AreEqual(("unauthorized", 1), (result, attempts));
    }

    [TestMethod]
    public async Task Cancellation_DuringTheWait_Stops()
    {
        using var cancellation = new CancellationTokenSource();
        var policy = new PushRetryPolicy
        {
            Wait = (_, token) => { cancellation.Cancel(); token.ThrowIfCancellationRequested(); return Task.CompletedTask; },
        };

        await Assert.ThrowsExactlyAsync<OperationCanceledException>(() =>
            policy.RunAsync((_, _) => Task.FromResult("transient"), r => r == "transient", (_, _, _) => { }, cancellation.Token));
    }
}
