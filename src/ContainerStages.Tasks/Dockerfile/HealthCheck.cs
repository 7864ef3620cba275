namespace ContainerStages.Dockerfile;

/// <summary>
/// The runtime image's HEALTHCHECK. Exactly one of <see cref="ExecCommand"/> and <see cref="ShellCommand"/>
/// is set, unless <see cref="Disabled"/> turns off the base image's own check.
/// </summary>
internal sealed record HealthCheck
{
    /// <summary>The exec form (no shell needed, so it also runs on chiseled images).</summary>
    public IReadOnlyList<string>? ExecCommand { get; init; }

    /// <summary>One line of /bin/sh.</summary>
    public string? ShellCommand { get; init; }

    /// <summary>HEALTHCHECK NONE.</summary>
    public bool Disabled { get; init; }

    /// <summary>Durations in Docker's form (for example <c>30s</c>, <c>1m30s</c>); null keeps the engine's default.</summary>
    public string? Interval { get; init; }

    public string? Timeout { get; init; }

    public string? StartPeriod { get; init; }

    public int? Retries { get; init; }
}
