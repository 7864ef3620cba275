namespace ContainerStages.DockerConfig;

/// <summary>
/// What the engine sends a registry on a push. <see cref="ToString"/> never shows the secret, so a
/// credential that reaches a log line by accident prints as redacted.
/// </summary>
/// <param name="IdentityToken">A refresh token from a credential helper that answers the user name '&lt;token&gt;'.</param>
/// <param name="Source">Where it came from (an environment variable's name, the config file, a helper), for the log.</param>
internal sealed record RegistryCredentials(string Username, string Password, string? IdentityToken, string Source)
{
    public override string ToString() => $"{Username} (from {Source}; secret redacted)";
}
