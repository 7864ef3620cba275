namespace ContainerStages.NuGetCredentials;

/// <summary>
/// The credentials of one package source as the restore needs them. <see cref="ToString"/> never shows
/// the password, so a credential that reaches a log line by accident prints as redacted.
/// </summary>
/// <param name="SourceName">The source's key in the NuGet config chain (what NuGetPackageSourceCredentials_ names).</param>
/// <param name="Origin">Where the credentials came from, for the log: a config file, a variable's name, an item.</param>
internal sealed record NuGetFeedCredential(string SourceName, string SourceUrl, string Username, string Password, string? ValidAuthenticationTypes, string Origin)
{
    public override string ToString() => $"{SourceName} ({SourceUrl}): {Username} from {Origin}; password redacted";
}
