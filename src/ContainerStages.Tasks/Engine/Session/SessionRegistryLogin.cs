namespace ContainerStages.Engine.Session;

/// <summary>A registry login as BuildKit's Auth.Credentials takes it: an empty user name makes the secret an identity token.</summary>
internal sealed record SessionRegistryLogin(string Username, string Secret)
{
    public override string ToString() => $"{Username} (secret redacted)";
}
