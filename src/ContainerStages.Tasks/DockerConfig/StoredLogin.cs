namespace ContainerStages.DockerConfig;

/// <summary>A login kept in config.json's auths (what `docker login` writes without a helper).</summary>
internal sealed record StoredLogin(string Username, string Password, string? IdentityToken)
{
    public override string ToString() => $"{Username} (secret redacted)";
}
