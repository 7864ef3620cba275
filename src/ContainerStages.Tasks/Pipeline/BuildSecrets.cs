using ContainerStages.DockerConfig;
using ContainerStages.NpmCredentials;
using ContainerStages.NuGetCredentials;
using ContainerStages.Registry;
using ContainerStages.Resources;
using ContainerStages.Secrets;

namespace ContainerStages.Pipeline;

/// <summary>
/// Every secret a build's session serves: the ContainerStagesSecret items, then the package feeds'
/// credentials (nuget-credentials, which the generated restore step mounts) and a Node.js app's
/// registries' (npm-credentials, for its installs). An item of the same id wins: it is the user's choice.
/// The package's own two are read only when a step of the build mounts them: a publish that takes the
/// host's files runs no restore, so it neither hands the engine the feeds' credentials nor opens a session
/// (0.45 s) to serve them.
/// </summary>
internal static class BuildSecrets
{
    /// <param name="npmPackageDirectory">The folder of a Node.js app's package.json, or null.</param>
    /// <param name="mountedSecretIds">The secrets the build's steps mount; null when the Dockerfile cannot tell (all are read).</param>
    public static Dictionary<string, byte[]> Read(
        IEnumerable<SecretSource> items,
        IEnumerable<ExplicitNuGetCredential> nuGetCredentials,
        string projectDirectory,
        string? npmPackageDirectory,
        IEnvironmentReader environment,
        IReadOnlyCollection<string>? mountedSecretIds = null)
    {
        bool Mounted(string id) => mountedSecretIds is null || mountedSecretIds.Contains(id, StringComparer.Ordinal);
        var secrets = SecretReader.Read(items, environment, projectDirectory);
        if (!secrets.ContainsKey(NuGetCredentialSecret.Id) && Mounted(NuGetCredentialSecret.Id))
        {
            IReadOnlyList<NuGetFeedCredential> feeds;
            try
            {
                feeds = NuGetCredentialResolver.Resolve(NuGetCredentialResolver.LoadSettings(projectDirectory), nuGetCredentials, environment);
            }
            catch (NuGet.Configuration.NuGetConfigurationException error)
            {
                throw new ContainerStagesException(nameof(Strings.NuGetConfigUnreadable), error.Message);
            }

            if (feeds.Count > 0)
            {
                secrets[NuGetCredentialSecret.Id] = NuGetCredentialSecret.Write(feeds);
            }
        }

        if (npmPackageDirectory is not null && !secrets.ContainsKey(NpmCredentialSecret.Id) && Mounted(NpmCredentialSecret.Id)
            && NpmCredentialResolver.Resolve(npmPackageDirectory, environment) is { Any: true } registries)
        {
            secrets[NpmCredentialSecret.Id] = NpmCredentialSecret.Write(registries);
        }

        return secrets;
    }
}
