namespace ContainerStages.NpmCredentials;

/// <summary>
/// npm settings for the install inside the build (auth and the user's registry settings) and the
/// variables the project's .npmrc refers to. <see cref="ToString"/> names keys only.
/// </summary>
internal sealed record NpmRegistryCredentials(IReadOnlyDictionary<string, string> Settings, IReadOnlyDictionary<string, string> Variables, IReadOnlyList<string> Origins)
{
    public static NpmRegistryCredentials None { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>(), []);

    public bool Any => Settings.Count > 0;

    /// <summary>The registries that have credentials, for the log: the hosts of the '//host/...:' keys.</summary>
    public IReadOnlyList<string> Registries =>
        Settings.Keys.Where(NpmCredentialResolver.IsAuthKey).Select(k => k.StartsWith("//", StringComparison.Ordinal) ? k[2..k.LastIndexOf(':')] : "(default registry)").Distinct().Order(StringComparer.Ordinal).ToList();

    public override string ToString() => $"npm settings [{string.Join(", ", Settings.Keys)}], variables [{string.Join(", ", Variables.Keys)}]; values redacted";
}
