namespace ContainerStages.Context;

/// <summary>Paths against a build context: whether a file is inside it, and its '/'-separated name there.</summary>
internal static class ContextPaths
{
    public static bool IsUnder(string path, string directory)
    {
        string relative = Path.GetRelativePath(directory, path);
        return relative == "." || (relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }

    public static string Relative(string context, string path) =>
        Path.GetRelativePath(context, path).Replace('\\', '/');
}
