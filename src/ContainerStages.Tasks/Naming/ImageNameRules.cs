using System.Text;
using System.Text.RegularExpressions;

namespace ContainerStages.Naming;

/// <summary>
/// The reference grammar of the Docker distribution spec (docker/distribution reference/regexp.go),
/// which the engine enforces when it tags an image. Checking it first turns the engine's late,
/// unlocated error into a coded MSBuild error before any build starts.
/// </summary>
internal static partial class ImageNameRules
{
    private const int MaxRepositoryLength = 255;

    // domain[:port]/ is optional; every path component is lower-case alphanumerics joined by
    // one of the separators ".", "_", "__" or any run of "-".
    [GeneratedRegex(@"^(?:(?<domain>(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?)/)?(?<path>[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*)\z")]
    private static partial Regex RepositoryPattern();

    // Go's \w is ASCII-only ([0-9A-Za-z_]); .NET's would also take 'ü'. '\z', not '$', which allows a final '\n'.
    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*\z")]
    private static partial Regex EnvironmentVariableNamePattern();

    public static bool IsValidRepository(string repository) =>
        repository.Length <= MaxRepositoryLength && RepositoryPattern().IsMatch(repository);

    public static bool IsValidTag(string tag) => TagPattern().IsMatch(tag);

    /// <summary>A registry as ContainerRegistry names it: host[:port], no scheme and no path.</summary>
    public static bool IsValidRegistry(string registry) => RegistryPattern().IsMatch(registry);

    [GeneratedRegex(@"^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]{1,5})?\z")]
    private static partial Regex RegistryPattern();

    public static bool IsValidEnvironmentVariableName(string name) => EnvironmentVariableNamePattern().IsMatch(name);

    /// <summary>
    /// Makes a repository name from an assembly name the way the SDK's container publish does:
    /// lower-case, every character outside the grammar becomes '-', separators are not allowed
    /// at either end. Returns null when nothing usable is left (say, a name of only symbols).
    /// </summary>
    public static string? NormalizeRepository(string name)
    {
        var components = name.ToLowerInvariant()
            .Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(NormalizeComponent)
            .Where(component => component.Length > 0);
        string repository = string.Join('/', components);
        if (repository.Length > MaxRepositoryLength)
        {
            repository = NormalizeComponent(repository[..MaxRepositoryLength]);
        }

        return repository.Length > 0 && IsValidRepository(repository) ? repository : null;
    }

    private static string NormalizeComponent(string component)
    {
        var builder = new StringBuilder(component.Length);
        foreach (char c in component)
        {
            builder.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-' ? c : '-');
        }

        // The grammar allows ".", "_", "__" or a run of "-" between alphanumerics; any other run
        // of separators ("._", "-.", "...") becomes a single dash, so "My..App" and "My App" stay usable.
        string joined = SeparatorRunPattern().Replace(builder.ToString(), run =>
            run.Value is "." or "_" or "__" || run.Value.All(c => c == '-') ? run.Value : "-");
        return joined.Trim('.', '_', '-');
    }

    [GeneratedRegex(@"[._\-]+")]
    private static partial Regex SeparatorRunPattern();

    /// <summary>The tag list as the SDK reads ContainerImageTags: ';'-separated, blanks dropped.</summary>
    public static IReadOnlyList<string> SplitTags(string? tags) =>
        (tags ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
