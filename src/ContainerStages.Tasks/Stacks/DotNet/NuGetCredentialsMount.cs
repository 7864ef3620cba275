using System.Text;
using ContainerStages.NuGetCredentials;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// The restore step's start when package sources need credentials: the build machine's credentials
/// arrive as the BuildKit secret nuget-credentials, a shell fragment that makes every 'dotnet' of the
/// step run with NuGetPackageSourceCredentials_NAME set. It exists only while the step runs: no layer,
/// build argument or file of the context holds it. 'docker build' by hand passes it with
/// --secret id=nuget-credentials,src=FILE.
/// </summary>
internal static class NuGetCredentialsMount
{
    public const string SecretId = NuGetCredentialSecret.Id;
    public const string MountPath = NuGetCredentialSecret.MountPath;

    public static void Write(StringBuilder text, IReadOnlyList<string> sources, string cacheMount)
    {
        // Names only: they say which feeds need the secret, and they are in the context's NuGet.config anyway.
        string names = string.Join(", ", sources.Order(StringComparer.Ordinal).Select(s => s.Replace('\n', ' ').Replace('\r', ' ')));
        text.Append($"# The credentials of {names} exist only during this step (the BuildKit secret {SecretId}, from the build machine).\n");
        text.Append($"RUN {cacheMount} \\\n");
        text.Append($"    --mount=type=secret,id={SecretId},required=true \\\n");
        text.Append($"    . {MountPath} && \\\n");
    }
}
