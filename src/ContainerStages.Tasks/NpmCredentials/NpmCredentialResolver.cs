using ContainerStages.DockerConfig;
using ContainerStages.Registry;

namespace ContainerStages.NpmCredentials;

/// <summary>
/// The npm registries' credentials of a package folder, found on the build machine as npm finds them:
/// the auth settings ('//host/path/:_authToken', ':_auth', ':username', ':_password', and the legacy
/// unscoped '_auth' / '_authToken') of the project's .npmrc, the user's ($NPM_CONFIG_USERCONFIG, else
/// ~/.npmrc) and npm_config_ variables, each with its ${VARIABLE} references expanded; with them the
/// user config's registry settings (registry, @scope:registry), which the project inside the build
/// would not see either.
/// </summary>
internal static class NpmCredentialResolver
{
    private static readonly string[] AuthSuffixes = [":_authToken", ":_auth", ":username", ":_password"];
    private static readonly string[] UnscopedAuthKeys = ["_auth", "_authToken"];

    /// <param name="packageDirectory">The folder of package.json (where the project's .npmrc is).</param>
    public static NpmRegistryCredentials Resolve(string packageDirectory, IEnvironmentReader environment)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var origins = new SortedSet<string>(StringComparer.Ordinal);

        string userConfig = environment.GetVariable("NPM_CONFIG_USERCONFIG") is { Length: > 0 } configured
            ? configured
            : environment.GetVariable("npm_config_userconfig") is { Length: > 0 } lower ? lower : Path.Combine(environment.HomeDirectory, ".npmrc");
        foreach (var (key, raw) in NpmRcFile.Read(userConfig))
        {
            if ((IsAuthKey(key) || IsRegistryKey(key)) && NpmRcFile.Expand(raw, environment.GetVariable) is { Length: > 0 } value)
            {
                settings[key] = value;
                origins.Add(userConfig);
            }
        }

        // The project's .npmrc is in the build too, with its ${VARIABLE}s unset there: its auth settings
        // come through with their values, and so does every variable it refers to.
        string projectConfig = Path.Combine(packageDirectory, ".npmrc");
        foreach (var (key, raw) in NpmRcFile.Read(projectConfig))
        {
            if (IsAuthKey(key) && NpmRcFile.Expand(raw, environment.GetVariable) is { Length: > 0 } value)
            {
                settings[key] = value;
                origins.Add(projectConfig);
            }

            foreach (string name in NpmRcFile.References(raw).Concat(NpmRcFile.References(key)))
            {
                if (environment.GetVariable(name) is { } referenced)
                {
                    variables[name] = referenced;
                }
            }
        }

        // What a CI sets as npm_config_//host/:_authToken; npm reads those names case-insensitively.
        foreach (string name in EnvironmentAuthNames(environment))
        {
            if (environment.GetVariable(name) is { Length: > 0 } value)
            {
                settings[name["npm_config_".Length..]] = value;
                origins.Add(name);
            }
        }

        return settings.Keys.Any(IsAuthKey)
            ? new NpmRegistryCredentials(settings, variables, origins.ToList())
            : NpmRegistryCredentials.None;
    }

    internal static bool IsAuthKey(string key) =>
        (key.StartsWith("//", StringComparison.Ordinal) && AuthSuffixes.Any(s => key.EndsWith(s, StringComparison.Ordinal)))
        || UnscopedAuthKeys.Contains(key, StringComparer.Ordinal);

    private static bool IsRegistryKey(string key) =>
        key == "registry" || (key.StartsWith('@') && key.EndsWith(":registry", StringComparison.Ordinal));

    // The environment cannot be listed through the reader, so the process's own names are looked up.
    private static IEnumerable<string> EnvironmentAuthNames(IEnvironmentReader environment) =>
        Environment.GetEnvironmentVariables().Keys.OfType<string>()
            .Where(name => name.StartsWith("npm_config_//", StringComparison.OrdinalIgnoreCase) && IsAuthKey(name["npm_config_".Length..]))
            .Where(name => environment.GetVariable(name) is not null);
}
