namespace ContainerStages.NuGetCredentials;

/// <summary>
/// A ContainerStagesNuGetCredential item: the source (its name or URL), the user name, and the
/// environment variable that holds the password or token, so the secret itself never is an MSBuild
/// value (MSBuild logs those, and binlogs keep them).
/// </summary>
internal sealed record ExplicitNuGetCredential(string Source, string Username, string PasswordEnvironmentVariable);
