using ContainerStages.DockerConfig;
using ContainerStages.Registry;
using ContainerStages.Resources;
using NuGet.Configuration;

namespace ContainerStages.NuGetCredentials;

/// <summary>
/// The credentials of the project's package sources, found on the build machine as 'dotnet restore'
/// finds them, with NuGet's own configuration library: ContainerStagesNuGetCredential items first;
/// then what NuGet reads for each enabled source (a NuGetPackageSourceCredentials_NAME variable, else
/// packageSourceCredentials in the config chain, with its %VARIABLE% references expanded); then, for
/// sources still without, Azure Artifacts' VSS_NUGET_EXTERNAL_FEED_ENDPOINTS, which its credential
/// provider would have answered.
/// </summary>
internal static class NuGetCredentialResolver
{
    private const string SourceVariablePrefix = "NuGetPackageSourceCredentials_";

    /// <summary>The settings restore uses for a project in this folder: its config chain, the user's and the machine's.</summary>
    public static ISettings LoadSettings(string projectDirectory) => Settings.LoadDefaultSettings(projectDirectory);

    public static IReadOnlyList<NuGetFeedCredential> Resolve(ISettings settings, IEnumerable<ExplicitNuGetCredential> explicitCredentials, IEnvironmentReader environment)
    {
        var sources = new PackageSourceProvider(settings).LoadPackageSources().Where(s => s.IsEnabled && s.IsHttp).ToList();
        var found = new Dictionary<string, NuGetFeedCredential>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in explicitCredentials)
        {
            var source = sources.FirstOrDefault(s => string.Equals(s.Name, item.Source, StringComparison.OrdinalIgnoreCase) || SameUrl(s.Source, item.Source))
                ?? throw new ContainerStagesException(nameof(Strings.NuGetCredentialInvalid), item.Source, "names no enabled http(s) package source of the project's NuGet config chain (" + Names(sources) + ")");
            if (string.IsNullOrWhiteSpace(item.PasswordEnvironmentVariable) || environment.GetVariable(item.PasswordEnvironmentVariable.Trim()) is not { Length: > 0 } password)
            {
                throw new ContainerStagesException(nameof(Strings.NuGetCredentialInvalid), item.Source, $"takes its password from the environment variable '{item.PasswordEnvironmentVariable}', which is not set");
            }

            found[source.Name] = new NuGetFeedCredential(source.Name, source.Source, item.Username, password, null, $"ContainerStagesNuGetCredential ({item.PasswordEnvironmentVariable.Trim()})");
        }

        foreach (var source in sources.Where(s => !found.ContainsKey(s.Name)))
        {
            if (FromNuGet(source, environment) is { } credential)
            {
                found[source.Name] = credential;
            }
        }

        foreach (var (endpoint, username, password) in AzureArtifactsEndpoints.Parse(environment.GetVariable(AzureArtifactsEndpoints.VariableName)))
        {
            foreach (var source in sources.Where(s => !found.ContainsKey(s.Name) && SameUrl(s.Source, endpoint)))
            {
                found[source.Name] = new NuGetFeedCredential(source.Name, source.Source, username, password, null, AzureArtifactsEndpoints.VariableName);
            }
        }

        return found.Values.OrderBy(c => c.SourceName, StringComparer.Ordinal).ToList();
    }

    private static NuGetFeedCredential? FromNuGet(PackageSource source, IEnvironmentReader environment)
    {
        PackageSourceCredential? credential;
        string password;
        try
        {
            credential = source.Credentials;
            if (credential is null || string.IsNullOrEmpty(credential.Username))
            {
                return null;
            }

            password = credential.Password;
        }
        catch (Exception e) when (e is NuGetConfigurationException or InvalidOperationException or NotSupportedException or PlatformNotSupportedException or System.Security.Cryptography.CryptographicException)
        {
            // An encrypted password (Windows DPAPI) cannot be read here; restore on the host says so itself.
            return null;
        }

        // A %VARIABLE% reference that NuGet left as it is names a variable that is not set: no credential.
        if (string.IsNullOrEmpty(password) || IsUnexpandedReference(password))
        {
            return null;
        }

        string origin = environment.GetVariable(SourceVariablePrefix + source.Name) is { Length: > 0 }
            ? SourceVariablePrefix + source.Name
            : "packageSourceCredentials in the NuGet config chain";
        return new NuGetFeedCredential(source.Name, source.Source, credential.Username, password, NullIfEmpty(credential.ValidAuthenticationTypesText), origin);
    }

    internal static bool IsUnexpandedReference(string value) =>
        value.Length > 2 && value[0] == '%' && value[^1] == '%' && value.IndexOf('%', 1) == value.Length - 1;

    internal static bool SameUrl(string a, string b) =>
        string.Equals(a.Trim().TrimEnd('/'), b.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string Names(IEnumerable<PackageSource> sources) => string.Join(", ", sources.Select(s => s.Name)) is { Length: > 0 } names ? names : "none";

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
