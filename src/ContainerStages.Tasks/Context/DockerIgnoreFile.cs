namespace ContainerStages.Context;

/// <summary>The .dockerignore at the root of a build context: reading it, and its rules, with coded errors.</summary>
internal static class DockerIgnoreFile
{
    public static string PathIn(string contextDirectory) =>
        Path.Combine(contextDirectory, BuildContextFileEnumerator.DockerIgnoreFileName);

    /// <returns>The file's text, or null when there is none.</returns>
    public static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContainerStagesException("InvalidIgnoreFile", path, e.Message) { File = path };
        }
    }

    public static DockerIgnoreRules ReadRules(string contextDirectory)
    {
        string path = PathIn(contextDirectory);
        string? text = ReadText(path);
        try
        {
            return text is null ? DockerIgnoreRules.Empty : DockerIgnoreRules.Parse(text);
        }
        catch (DockerIgnoreSyntaxException e)
        {
            throw new ContainerStagesException("InvalidIgnorePattern", e.Pattern, e.Reason) { File = path, Line = e.LineNumber };
        }
    }
}
