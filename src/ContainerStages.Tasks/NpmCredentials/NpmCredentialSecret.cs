using System.Text;

namespace ContainerStages.NpmCredentials;

/// <summary>
/// The BuildKit secret npm-credentials: a shell fragment the install step sources. It sets the
/// variables the project's .npmrc refers to, and makes npm, pnpm and yarn run with the registries'
/// auth as npm_config_//host/:_authToken variables, which npm ranks above the project's .npmrc (a
/// user-level file would rank below it) and which exist only in that step's processes.
/// </summary>
internal static class NpmCredentialSecret
{
    public const string Id = "npm-credentials";
    public const string MountPath = "/run/secrets/" + Id;

    public static byte[] Write(NpmRegistryCredentials credentials)
    {
        var text = new StringBuilder();
        text.Append("# ContainerStages: the npm registries' credentials, for this install step only.\n");
        foreach (var (name, value) in credentials.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            text.Append("export ").Append(name).Append('=').Append(ShellText.Quote(value)).Append('\n');
        }

        string settings = string.Concat(credentials.Settings.OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => " " + ShellText.Quote($"npm_config_{s.Key}={s.Value}")));
        foreach (string tool in new[] { "npm", "pnpm", "yarn" })
        {
            text.Append(tool).Append("() { env").Append(settings).Append(' ').Append(tool).Append(" \"$@\"; }\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
