using ContainerStages.Resources;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// ContainerStagesWritablePath items as absolute, normalized container paths: relative ones are
/// under the working directory, as the app sees its current directory.
/// </summary>
internal static class WritablePathResolver
{
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> paths, string workingDirectory)
    {
        var resolved = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string item in paths)
        {
            string path = item.Trim().Replace('\\', '/');
            if (path.Length == 0)
            {
                continue;
            }

            // The container's root folder owned by the app user would make every file writable.
            string? normalized = path.Any(char.IsControl) ? null
                : Normalize(path.StartsWith('/') ? path : workingDirectory.TrimEnd('/') + "/" + path);
            resolved.Add(normalized is null or "/" ? throw new ContainerStagesException(nameof(Strings.InvalidWritablePath), item) : normalized);
        }

        // Sorted, so a parent folder is made before a folder inside it.
        return resolved.ToList();
    }

    private static string? Normalize(string absolutePath)
    {
        var segments = new List<string>();
        foreach (string segment in absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
            }
            else if (segment != ".")
            {
                segments.Add(segment);
            }
        }

        return "/" + string.Join('/', segments);
    }
}
