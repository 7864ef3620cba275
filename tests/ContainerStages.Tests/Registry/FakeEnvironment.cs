using ContainerStages.DockerConfig;
using ContainerStages.Registry;

namespace ContainerStages.Tests.Registry;

internal sealed class FakeEnvironment : IEnvironmentReader
{
    public FakeEnvironment(string home) => HomeDirectory = home;

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string HomeDirectory { get; }

    public string? GetVariable(string name) => Variables.TryGetValue(name, out var value) ? value : null;
}
