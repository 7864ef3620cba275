namespace ContainerStages.Tests.Engine.BuildKit;

/// <summary>A clock the test moves by hand, for heartbeat timing.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    public ManualTimeProvider(DateTimeOffset start) => Now = start;

    public DateTimeOffset Now { get; set; }

    public override DateTimeOffset GetUtcNow() => Now;
}
