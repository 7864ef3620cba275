namespace ContainerStages.DockerConfig;

/// <summary>
/// Finds the credentials for pushing to a registry. First the environment variables the .NET SDK's
/// container publish reads for a push, in its order (DOTNET_CONTAINER_PUSH_REGISTRY_*, then
/// DOTNET_CONTAINER_REGISTRY_*, then the older SDK_CONTAINER_REGISTRY_*; a pair counts only when both
/// are set); then the Docker CLI's config: a credHelpers entry for the registry, else credsStore, else
/// the login stored in auths. Null means push anonymously.
/// </summary>
internal sealed class RegistryCredentialResolver
{
    internal static readonly (string User, string Password)[] EnvironmentPairs =
    [
        ("DOTNET_CONTAINER_PUSH_REGISTRY_UNAME", "DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"),
        ("DOTNET_CONTAINER_REGISTRY_UNAME", "DOTNET_CONTAINER_REGISTRY_PWORD"),
        ("SDK_CONTAINER_REGISTRY_UNAME", "SDK_CONTAINER_REGISTRY_PWORD"),
    ];

    // For pulling base images the SDK reads only its pull pair.
    internal static readonly (string User, string Password)[] PullEnvironmentPairs =
    [
        ("DOTNET_CONTAINER_PULL_REGISTRY_UNAME", "DOTNET_CONTAINER_PULL_REGISTRY_PWORD"),
    ];

    // Docker Hub's logins are kept under its v1 index address, whatever name the image uses.
    private const string DockerHubServerAddress = "https://index.docker.io/v1/";

    private const string TokenUserName = "<token>";

    private readonly IEnvironmentReader _environment;
    private readonly ICredentialHelper _helper;

    public RegistryCredentialResolver(IEnvironmentReader environment, ICredentialHelper helper)
    {
        _environment = environment;
        _helper = helper;
    }

    /// <param name="forPull">For the build's FROM images: the SDK's pull variables instead of its push ones.</param>
    public RegistryCredentials? Resolve(string registry, bool forPull = false)
    {
        foreach (var (userVariable, passwordVariable) in forPull ? PullEnvironmentPairs : EnvironmentPairs)
        {
            string? user = _environment.GetVariable(userVariable);
            string? password = _environment.GetVariable(passwordVariable);
            if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
            {
                return new RegistryCredentials(user, password, null, userVariable);
            }
        }

        var config = DockerConfigFile.Load(_environment);
        if (config is null)
        {
            return null;
        }

        string serverAddress = ServerAddress(registry);
        string? helper = config.CredHelpers.TryGetValue(registry, out var specific) ? specific : config.CredsStore;
        if (helper is not null)
        {
            var answer = _helper.Get(helper, serverAddress);
            if (answer is null)
            {
                return null;
            }

            string source = "docker-credential-" + helper;
            return answer.Username == TokenUserName
                ? new RegistryCredentials(string.Empty, string.Empty, answer.Secret, source)
                : new RegistryCredentials(answer.Username, answer.Secret, null, source);
        }

        return FindStoredLogin(config, registry) is { } login
            ? new RegistryCredentials(login.Username, login.Password, login.IdentityToken, config.Path)
            : null;
    }

    /// <summary>
    /// MSBuild writes every environment variable named DOTNET_*, MSBUILD* or COMPLUS_* into binlogs and
    /// diagnostic logs at the start of a build, so a secret in one of them is in those logs.
    /// </summary>
    internal static bool IsLoggedByMSBuild(string source) =>
        source.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase) || source.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
        || source.StartsWith("COMPLUS_", StringComparison.OrdinalIgnoreCase);

    /// <summary>The registry of an image reference, as Docker reads it: a first component with a dot or a port, or localhost; else Docker Hub.</summary>
    internal static string RegistryOf(string image)
    {
        int slash = image.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            string first = image[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                return first;
            }
        }

        return "docker.io";
    }

    /// <summary>The address the CLI stores a registry's login under.</summary>
    internal static string ServerAddress(string registry) =>
        registry is "docker.io" or "index.docker.io" or "registry-1.docker.io" ? DockerHubServerAddress : registry;

    /// <summary>As the CLI: the exact key first, then keys written with a scheme or a path ("https://host/v1/").</summary>
    private static StoredLogin? FindStoredLogin(DockerConfigFile config, string registry)
    {
        string serverAddress = ServerAddress(registry);
        if (config.Auths.TryGetValue(serverAddress, out var exact))
        {
            return exact;
        }

        string host = HostOf(serverAddress);
        foreach (var (key, login) in config.Auths)
        {
            if (string.Equals(HostOf(key), host, StringComparison.OrdinalIgnoreCase))
            {
                return login;
            }
        }

        return null;
    }

    internal static string HostOf(string address)
    {
        string host = address;
        foreach (string scheme in new[] { "https://", "http://" })
        {
            if (host.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                host = host[scheme.Length..];
            }
        }

        int slash = host.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? host : host[..slash];
    }
}
