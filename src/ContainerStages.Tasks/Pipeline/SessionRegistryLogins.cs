using ContainerStages.DockerConfig;
using ContainerStages.Engine.Session;
using ContainerStages.Registry;

namespace ContainerStages.Pipeline;

/// <summary>
/// The registry logins found for the build's images, keyed as BuildKit's Auth.Credentials asks: by the
/// host it talks to, which for Docker Hub is registry-1.docker.io, not the CLI's v1 index address.
/// </summary>
internal static class SessionRegistryLogins
{
    private static readonly string[] DockerHubHosts = ["registry-1.docker.io", "docker.io", "index.docker.io"];

    /// <param name="credentials">By the CLI's server address (RegistryCredentialResolver.ServerAddress).</param>
    public static Dictionary<string, SessionRegistryLogin> From(IReadOnlyDictionary<string, RegistryCredentials> credentials)
    {
        var logins = new Dictionary<string, SessionRegistryLogin>(StringComparer.OrdinalIgnoreCase);
        foreach (var (serverAddress, login) in credentials)
        {
            // An identity token travels as the secret with an empty user name, as the CLI's session sends it.
            var sessionLogin = login.IdentityToken is { Length: > 0 } token
                ? new SessionRegistryLogin(string.Empty, token)
                : new SessionRegistryLogin(login.Username, login.Password);
            string host = RegistryCredentialResolver.HostOf(serverAddress);
            if (DockerHubHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
            {
                foreach (string hub in DockerHubHosts)
                {
                    logins[hub] = sessionLogin;
                }
            }
            else
            {
                logins[host] = sessionLogin;
            }
        }

        return logins;
    }
}
