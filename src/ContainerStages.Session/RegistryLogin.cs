namespace ContainerStages.Session;

/// <summary>A registry login as BuildKit's Auth.Credentials answers it: an empty user name makes the secret an identity token.</summary>
internal sealed class RegistryLogin
{
    public string Username { get; init; } = string.Empty;

    public string Secret { get; init; } = string.Empty;
}
