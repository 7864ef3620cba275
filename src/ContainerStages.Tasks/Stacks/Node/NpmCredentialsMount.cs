using System.Text;

namespace ContainerStages.Stacks.Node;

/// <summary>
/// An install step that gets the registries' credentials from the build machine: the BuildKit secret
/// npm-credentials, a shell fragment that sets them for npm, pnpm and yarn during that step only.
/// 'docker build' by hand passes it with --secret id=npm-credentials,src=FILE.
/// </summary>
internal static class NpmCredentialsMount
{
    public const string SecretId = "npm-credentials";
    public const string MountPath = "/run/secrets/" + SecretId;

    public static void Write(StringBuilder text, string cacheId, string cacheDirectory, string command)
    {
        text.Append($"# The registries' credentials exist only during this step (the BuildKit secret {SecretId}, from the build machine).\n");
        text.Append($"RUN --mount=type=cache,id={cacheId},target={cacheDirectory},sharing=locked \\\n");
        text.Append($"    --mount=type=secret,id={SecretId},required=true \\\n");
        text.Append($"    . {MountPath} && {command}\n");
    }
}
