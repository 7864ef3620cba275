using ContainerStages.Resources;

namespace ContainerStages.Context;

/// <summary>The .dockerignore of a build context (or of its Dockerfile): reading it, and its rules, with coded errors.</summary>
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
            throw new ContainerStagesException(nameof(Strings.InvalidIgnoreFile), path, e.Message) { File = path };
        }
    }

    /// <summary>
    /// The ignore file that applies to a build of <paramref name="dockerfilePath"/>, as BuildKit and
    /// the Docker CLI choose it: the Dockerfile's own <c>&lt;Dockerfile&gt;.dockerignore</c> beside it
    /// when there is one, else the context root's <c>.dockerignore</c>.
    /// </summary>
    public static string PathFor(string contextDirectory, string? dockerfilePath) =>
        dockerfilePath is { Length: > 0 } && File.Exists(dockerfilePath + ".dockerignore") ? dockerfilePath + ".dockerignore" : PathIn(contextDirectory);

    public static DockerIgnoreRules ReadRules(string contextDirectory, string? dockerfilePath = null)
    {
        string path = PathFor(contextDirectory, dockerfilePath);
        string? text = ReadText(path);
        try
        {
            return text is null ? DockerIgnoreRules.Empty : DockerIgnoreRules.Parse(text);
        }
        catch (DockerIgnoreSyntaxException e)
        {
            throw new ContainerStagesException(nameof(Strings.InvalidIgnorePattern), e.Pattern, e.Reason) { File = path, Line = e.LineNumber };
        }
    }
}
