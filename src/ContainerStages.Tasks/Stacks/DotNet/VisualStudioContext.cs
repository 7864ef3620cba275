using System.Text.Json;
using ContainerStages.Dockerfile;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// The build context a Dockerfile of the user's was written for, as Visual Studio builds it.
/// Visual Studio's container tools build with the context <c>DockerfileContext</c> (a path relative
/// to the Dockerfile's folder that the scaffolding writes into the project, usually <c>..</c>, the
/// solution folder; without it the folder above the Dockerfile), and its scaffolded Dockerfile
/// copies the project file by its path from there: <c>COPY ["Web/Web.csproj", "Web/"]</c>.
/// </summary>
internal static class VisualStudioContext
{
    /// <param name="dockerfileContext">The project's DockerfileContext property, or empty.</param>
    /// <param name="targetOs">The project's DockerDefaultTargetOS property (set by the scaffolding), or empty.</param>
    /// <returns>The context folder, or null when nothing says the file was written for another one.</returns>
    public static string? Find(string dockerfilePath, string dockerfileText, string projectPath, string? dockerfileContext, string? targetOs)
    {
        string dockerfileDirectory = Path.GetDirectoryName(Path.GetFullPath(dockerfilePath))!;
        if (!string.IsNullOrWhiteSpace(dockerfileContext))
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(dockerfileContext.Trim().Replace('\\', '/'), dockerfileDirectory));
        }

        if (FromCopiedProjectFile(dockerfileText, projectPath) is { } context)
        {
            return context;
        }

        return string.IsNullOrWhiteSpace(targetOs) ? null : Path.GetDirectoryName(dockerfileDirectory);
    }

    /// <summary>
    /// The folder from which a COPY source names the project file: for <c>src/Web/Web.csproj</c>
    /// and a project at <c>/repo/src/Web/Web.csproj</c>, <c>/repo</c>.
    /// </summary>
    private static string? FromCopiedProjectFile(string dockerfileText, string projectPath)
    {
        string project = Path.GetFullPath(projectPath).Replace('\\', '/');
        string fileName = Path.GetFileName(project);
        foreach (var instruction in DockerfileInstruction.Parse(dockerfileText).Where(i => i.Keyword is "COPY" or "ADD"))
        {
            foreach (string source in Sources(instruction))
            {
                string relative = source.Replace('\\', '/');
                while (relative.StartsWith("./", StringComparison.Ordinal))
                {
                    relative = relative[2..];
                }

                if (relative.Length == 0 || relative.StartsWith('/') || relative.Contains("..", StringComparison.Ordinal)
                    || relative.IndexOfAny(['$', '*', '?', '[']) >= 0
                    || !string.Equals(relative[(relative.LastIndexOf('/') + 1)..], fileName, StringComparison.Ordinal)
                    || !project.EndsWith("/" + relative, StringComparison.Ordinal))
                {
                    continue;
                }

                return project[..^(relative.Length + 1)] is { Length: > 0 } root ? root : "/";
            }
        }

        return null;
    }

    /// <summary>The source words of a COPY or ADD (all but the last), in its JSON or its plain form; flags and --from copies are left out.</summary>
    private static IEnumerable<string> Sources(DockerfileInstruction instruction)
    {
        var words = instruction.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Any(w => w.StartsWith("--from", StringComparison.OrdinalIgnoreCase)))
        {
            return [];
        }

        string rest = string.Join(' ', words.SkipWhile(w => w.StartsWith("--", StringComparison.Ordinal)));
        if (rest.StartsWith('['))
        {
            try
            {
                var array = JsonSerializer.Deserialize<string[]>(rest);
                return array is { Length: > 1 } ? array[..^1] : [];
            }
            catch (JsonException)
            {
                return [];
            }
        }

        var plain = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return plain.Length > 1 ? plain[..^1] : [];
    }
}
