namespace ContainerStages.DockerConfig;

internal sealed record CredentialHelperAnswer(string Username, string Secret)
{
    public override string ToString() => $"{Username} (secret redacted)";
}
