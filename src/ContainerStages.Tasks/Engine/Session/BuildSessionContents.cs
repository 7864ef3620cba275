namespace ContainerStages.Engine.Session;

/// <summary>
/// What a build's session serves the engine: secret values by id, registry logins by the host
/// BuildKit asks for, whether a build may export files to the client, and the ssh agent to forward.
/// <see cref="ToString"/> names ids and hosts only, so the contents never reach a log by accident.
/// </summary>
internal sealed record BuildSessionContents
{
    public IReadOnlyDictionary<string, byte[]> Secrets { get; init; } = new Dictionary<string, byte[]>(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, SessionRegistryLogin> RegistryLogins { get; init; } = new Dictionary<string, SessionRegistryLogin>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The ssh agent socket ($SSH_AUTH_SOCK) forwarded as the "default" id of RUN --mount=type=ssh.</summary>
    public string? SshAgentSocket { get; init; }

    public override string ToString() =>
        $"secrets [{string.Join(", ", Secrets.Keys)}], registries [{string.Join(", ", RegistryLogins.Keys)}], ssh agent {(SshAgentSocket is null ? "no" : "yes")}";
}
