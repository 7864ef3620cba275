namespace ContainerStages.Dockerfile;

/// <summary>
/// Reads the stage names of a Dockerfile the user owns, so an unknown ContainerStagesTarget is
/// reported before the build starts instead of as BuildKit's late "target stage could not be found".
/// </summary>
internal static class DockerfileStageReader
{
    /// <summary>The names of the <c>FROM [--flag=...] image AS name</c> stages, lower-cased as BuildKit compares them.</summary>
    public static IReadOnlyList<string> ReadStageNames(string dockerfileText)
    {
        var names = new List<string>();
        foreach (var instruction in DockerfileInstruction.Parse(dockerfileText))
        {
            if (instruction.Keyword != "FROM")
            {
                continue;
            }

            var words = instruction.WordsWithoutLeadingFlags();
            if (words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase))
            {
                names.Add(words[2].ToLowerInvariant());
            }
        }

        return names;
    }

    /// <summary>
    /// The name of the last stage (what a plain <c>docker build</c> builds), or null when the last
    /// FROM has no name or there is none.
    /// </summary>
    public static string? ReadLastStageName(string dockerfileText)
    {
        var words = DockerfileInstruction.Parse(dockerfileText).LastOrDefault(i => i.Keyword == "FROM")?.WordsWithoutLeadingFlags();
        return words is { Count: 3 } && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2].ToLowerInvariant() : null;
    }

    /// <returns>The 1-based line of the first FROM of <paramref name="image"/>, or 0 when no FROM names it.</returns>
    public static int FindFromLine(string dockerfileText, string image)
    {
        foreach (var instruction in DockerfileInstruction.Parse(dockerfileText))
        {
            var words = instruction.Keyword == "FROM" ? instruction.WordsWithoutLeadingFlags() : [];
            if (words.Count > 0 && words[0].Equals(image, StringComparison.Ordinal))
            {
                return instruction.Line;
            }
        }

        return 0;
    }

    /// <summary>
    /// The image that <paramref name="stage"/> ultimately starts FROM, following FROMs that name
    /// earlier stages, with the global ARGs and <paramref name="buildArgs"/> put in (a FROM may name
    /// a stage through them); null when the stage is unknown or a variable it needs has no value.
    /// </summary>
    public static string? FindBaseImage(string dockerfileText, string stage, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        var globals = new Dictionary<string, string?>(StringComparer.Ordinal);
        var froms = new List<(string? Image, string? Name)>();
        foreach (var instruction in DockerfileInstruction.Parse(dockerfileText))
        {
            if (instruction.Keyword == "ARG" && froms.Count == 0)
            {
                DockerfileGlobalArguments.Declare(instruction, globals);
            }

            var words = instruction.Keyword == "FROM" ? instruction.WordsWithoutLeadingFlags() : [];
            if (words.Count > 0)
            {
                froms.Add((DockerfileGlobalArguments.Expand(words[0], globals, buildArgs),
                    words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2].ToLowerInvariant() : null));
            }
        }

        // No stage name: the last stage, which a build without a target builds.
        int index = stage.Length == 0 ? froms.Count - 1 : froms.FindLastIndex(f => f.Name == stage.ToLowerInvariant());
        while (index >= 0)
        {
            if (froms[index].Image is not { } image)
            {
                return null;
            }

            int earlier = index == 0 ? -1 : froms.FindLastIndex(index - 1, index, f => f.Name == image.ToLowerInvariant());
            if (earlier < 0)
            {
                return image;
            }

            index = earlier;
        }

        return null;
    }
}
