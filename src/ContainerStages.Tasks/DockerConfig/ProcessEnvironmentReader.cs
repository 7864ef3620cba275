namespace ContainerStages.DockerConfig;

internal sealed class ProcessEnvironmentReader : IEnvironmentReader
{
    public static readonly ProcessEnvironmentReader Instance = new();

    public string? GetVariable(string name) => Environment.GetEnvironmentVariable(name);

    public string HomeDirectory => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
