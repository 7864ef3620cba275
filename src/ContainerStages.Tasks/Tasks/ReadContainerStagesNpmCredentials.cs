using ContainerStages.DockerConfig;
using ContainerStages.NpmCredentials;
using ContainerStages.Registry;
using ContainerStages.Resources;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>
/// Names the npm registries this machine has credentials for (the project's and the user's .npmrc,
/// npm_config_ variables), so the generated install steps mount them as a secret. Runs on every
/// publish, like its NuGet counterpart; only the registries' hosts leave it.
/// </summary>
public sealed class ReadContainerStagesNpmCredentials : ContainerStagesTask
{
    /// <summary>The folder of package.json.</summary>
    [Required] public string PackageDirectory { get; set; } = string.Empty;

    [Output] public string[] Registries { get; private set; } = [];

    public override bool Execute()
    {
        var credentials = NpmCredentialResolver.Resolve(PackageDirectory, ProcessEnvironmentReader.Instance);
        Registries = credentials.Registries.ToArray();
        if (credentials.Any)
        {
            Log.LogMessageFromResources(MessageImportance.Low, nameof(Strings.NpmCredentialFound), string.Join(", ", Registries), string.Join(", ", credentials.Origins));
        }

        return true;
    }
}
