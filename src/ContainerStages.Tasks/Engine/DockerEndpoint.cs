namespace ContainerStages.Engine;

/// <summary>
/// Where the engine listens, resolved as the Docker CLI resolves it for the common cases: DOCKER_HOST
/// when set, else the platform's default socket or pipe.
/// </summary>
internal static class DockerEndpoint
{
    public static Uri Resolve(string? dockerHost)
    {
        if (string.IsNullOrWhiteSpace(dockerHost))
        {
            return OperatingSystem.IsWindows()
                ? new Uri("npipe://./pipe/docker_engine")
                : new Uri("unix:///var/run/docker.sock");
        }

        if (!Uri.TryCreate(dockerHost.Trim(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("unix" or "tcp" or "npipe" or "http" or "https"))
        {
            throw new ContainerStagesException("InvalidDockerHost", dockerHost);
        }

        return uri;
    }
}
