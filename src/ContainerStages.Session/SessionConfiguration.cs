namespace ContainerStages.Session;

/// <summary>
/// What the task hands the helper on its standard input (one JSON line, never an argument or an
/// environment variable, which other users of the machine could read): where to listen and what
/// to serve.
/// </summary>
internal sealed class SessionConfiguration
{
    /// <summary>The unix socket to listen on, inside a folder only this user may enter.</summary>
    public string Socket { get; init; } = string.Empty;

    /// <summary>Secret values by id (RUN --mount=type=secret,id=...), base64.</summary>
    public Dictionary<string, string> Secrets { get; init; } = [];

    /// <summary>Registry logins by the host BuildKit asks for (registry-1.docker.io for Docker Hub).</summary>
    public Dictionary<string, RegistryLogin> Registries { get; init; } = [];

    /// <summary>Where the tar exporter's stream is written; null refuses an export.</summary>
    public string? ExportPath { get; init; }

    /// <summary>The ssh agent's socket forwarded for RUN --mount=type=ssh; null refuses it.</summary>
    public string? SshAgentSocket { get; init; }
}
