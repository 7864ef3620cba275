namespace ContainerStages.DockerConfig;

/// <summary>Environment variables and the home folder, so credential lookup is unit-tested without touching the process's own.</summary>
internal interface IEnvironmentReader
{
    string? GetVariable(string name);

    string HomeDirectory { get; }
}
