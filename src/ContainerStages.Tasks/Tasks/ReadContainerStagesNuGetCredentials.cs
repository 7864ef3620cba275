using ContainerStages.DockerConfig;
using ContainerStages.NuGetCredentials;
using ContainerStages.Registry;
using ContainerStages.Resources;
using Microsoft.Build.Framework;

namespace ContainerStages.Tasks;

/// <summary>
/// Names the package sources whose credentials this machine has (NuGet config chain, NuGetPackageSourceCredentials_*,
/// VSS_NUGET_EXTERNAL_FEED_ENDPOINTS, ContainerStagesNuGetCredential items), so the generated restore step
/// mounts them as a secret. Runs on every publish, since credentials come and go without any file
/// of the generation changing; only the names leave this task, never a credential.
/// </summary>
public sealed class ReadContainerStagesNuGetCredentials : ContainerStagesTask
{
    /// <summary>The project's folder: its NuGet config chain starts here.</summary>
    [Required] public string ProjectDirectory { get; set; } = string.Empty;

    /// <summary>ContainerStagesNuGetCredential items: the source (name or URL), with Username and PasswordEnvironmentVariable metadata.</summary>
    public ITaskItem[] ExplicitCredentials { get; set; } = [];

    /// <summary>The names of the sources that have credentials.</summary>
    [Output] public string[] SourceNames { get; private set; } = [];

    public override bool Execute()
    {
        try
        {
            var credentials = NuGetCredentialResolver.Resolve(
                NuGetCredentialResolver.LoadSettings(ProjectDirectory),
                Explicit(ExplicitCredentials),
                ProcessEnvironmentReader.Instance);
            SourceNames = credentials.Select(c => c.SourceName).ToArray();
            foreach (var credential in credentials)
            {
                Log.LogMessageFromResources(MessageImportance.Low, nameof(Strings.NuGetCredentialFound), credential.SourceName, WithoutUserInfo(credential.SourceUrl), credential.Origin);
            }
        }
        catch (ContainerStagesException error)
        {
            LogError(error);
        }
        catch (NuGet.Configuration.NuGetConfigurationException error)
        {
            LogError(new ContainerStagesException(nameof(Strings.NuGetConfigUnreadable), error.Message));
        }

        return !Log.HasLoggedErrors;
    }

    // A source written https://user:token@host/... would print its token.
    private static string WithoutUserInfo(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? new UriBuilder(uri) { UserName = string.Empty, Password = string.Empty }.Uri.ToString()
            : url;

    internal static IEnumerable<ExplicitNuGetCredential> Explicit(IEnumerable<ITaskItem> items) =>
        items.Select(item => new ExplicitNuGetCredential(item.ItemSpec, item.GetMetadata("Username") ?? string.Empty, item.GetMetadata("PasswordEnvironmentVariable") ?? string.Empty));
}
