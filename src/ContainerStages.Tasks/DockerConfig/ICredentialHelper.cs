namespace ContainerStages.DockerConfig;

/// <summary>Runs a Docker credential helper (docker-credential-NAME get).</summary>
internal interface ICredentialHelper
{
    /// <summary>The helper's answer for the server, or null when it holds nothing for it.</summary>
    CredentialHelperAnswer? Get(string helperName, string serverAddress);
}
