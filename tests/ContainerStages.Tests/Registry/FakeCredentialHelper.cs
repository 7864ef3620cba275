using ContainerStages.DockerConfig;
using ContainerStages.Registry;

namespace ContainerStages.Tests.Registry;

internal sealed class FakeCredentialHelper : ICredentialHelper
{
    public Dictionary<(string Helper, string Server), CredentialHelperAnswer> Answers { get; } = [];

    public List<(string Helper, string Server)> Calls { get; } = [];

    public CredentialHelperAnswer? Get(string helperName, string serverAddress)
    {
        Calls.Add((helperName, serverAddress));
        return Answers.TryGetValue((helperName, serverAddress), out var answer) ? answer : null;
    }
}
