using System.Text;

namespace ContainerStages.NuGetCredentials;

/// <summary>
/// The BuildKit secret that carries the feeds' credentials into the restore step: a shell fragment the
/// step sources, which wraps dotnet so that each restore sees NuGetPackageSourceCredentials_NAME for
/// every feed. That variable wins over credentials a NuGet.config in the repository declares (a user-
/// level config would lose to them, and a %VARIABLE% there is not set inside the build); it exists
/// only in that step's processes, in no layer, file of the context, or build argument.
/// </summary>
internal static class NuGetCredentialSecret
{
    public const string Id = "nuget-credentials";

    /// <summary>Where BuildKit mounts a secret by default: /run/secrets/ID.</summary>
    public const string MountPath = "/run/secrets/" + Id;

    public static byte[] Write(IEnumerable<NuGetFeedCredential> credentials)
    {
        var text = new StringBuilder();
        text.Append("# ContainerStages: the package feeds' credentials, for this restore step only.\n");
        text.Append("dotnet() { env");
        foreach (var credential in credentials)
        {
            string value = $"Username={credential.Username};Password={credential.Password}"
                + (credential.ValidAuthenticationTypes is { } types ? $";ValidAuthenticationTypes={types}" : string.Empty);
            text.Append(' ').Append(ShellText.Quote($"NuGetPackageSourceCredentials_{credential.SourceName}={value}"));
        }

        text.Append(" dotnet \"$@\"; }\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // Single quotes keep every character as it is; a quote inside is closed, escaped and reopened.
}
