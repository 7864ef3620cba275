using System.Text.RegularExpressions;

namespace ContainerStages.Dockerfile;

/// <summary>
/// The images from outside the Dockerfile that building one stage reads (FROM, COPY --from and
/// RUN --mount from=), following only the stages that stage needs, with the global ARGs as the build
/// arguments set them. An unchanged image can be kept only when each of them is known to be unchanged.
/// </summary>
internal static partial class DockerfileImageInputs
{
    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}|\$(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"(?:^|,)from=(?<from>[^,\s]+)")]
    private static partial Regex MountFrom();

    /// <returns>
    /// The images, in the order first read; null when the build reads something whose freshness only
    /// the build itself can know: an image named by a variable without a value, a remote ADD source,
    /// or a frontend named in a syntax directive.
    /// </returns>
    public static IReadOnlyList<string>? Find(string dockerfileText, string target, IReadOnlyDictionary<string, string> buildArgs)
    {
        if (HasSyntaxDirective(dockerfileText))
        {
            return null;
        }

        var globals = new Dictionary<string, string?>(StringComparer.Ordinal);
        var stages = new List<Stage>();
        foreach (var instruction in DockerfileInstruction.Parse(dockerfileText))
        {
            if (instruction.Keyword == "FROM")
            {
                var words = instruction.WordsWithoutLeadingFlags();
                if (words.Count == 0)
                {
                    return null;
                }

                string? name = words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2].ToLowerInvariant() : null;
                stages.Add(new Stage(name, Expand(words[0], globals, buildArgs)));
            }
            else if (stages.Count == 0)
            {
                if (instruction.Keyword == "ARG")
                {
                    foreach (string declaration in instruction.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
                    {
                        string[] parts = declaration.Split('=', 2);
                        globals[parts[0]] = parts.Length > 1 ? parts[1].Trim('"') : null;
                    }
                }
            }
            else if (!Read(instruction, stages[^1]))
            {
                return null;
            }
        }

        int start = target.Length == 0 ? stages.Count - 1 : stages.FindLastIndex(s => s.Name == target.ToLowerInvariant());
        if (start < 0)
        {
            return null;
        }

        var images = new List<string>();
        var visited = new HashSet<int>();
        var pending = new Stack<int>([start]);
        while (pending.Count > 0)
        {
            int index = pending.Pop();
            if (!visited.Add(index))
            {
                continue;
            }

            var stage = stages[index];
            foreach (string? source in stage.Sources.Prepend(stage.From))
            {
                if (source is null || source.Contains('$', StringComparison.Ordinal))
                {
                    return null;
                }

                int earlier = StageIndex(stages, source, index);
                if (earlier >= 0)
                {
                    pending.Push(earlier);
                }
                else if (!source.Equals("scratch", StringComparison.OrdinalIgnoreCase) && !images.Contains(source, StringComparer.Ordinal))
                {
                    images.Add(source);
                }
            }
        }

        return images;
    }

    /// <returns>False for a remote ADD source, which the build fetches afresh.</returns>
    private static bool Read(DockerfileInstruction instruction, Stage stage)
    {
        var flags = instruction.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .TakeWhile(word => word.StartsWith("--", StringComparison.Ordinal)).ToList();
        switch (instruction.Keyword)
        {
            case "COPY" or "ADD":
                foreach (string flag in flags.Where(f => f.StartsWith("--from=", StringComparison.Ordinal)))
                {
                    stage.Sources.Add(flag["--from=".Length..]);
                }

                return instruction.Keyword != "ADD" || !instruction.WordsWithoutLeadingFlags().SkipLast(1).Any(IsRemote);
            case "RUN":
                foreach (string flag in flags.Where(f => f.StartsWith("--mount=", StringComparison.Ordinal)))
                {
                    if (MountFrom().Match(flag["--mount=".Length..]) is { Success: true } from)
                    {
                        stage.Sources.Add(from.Groups["from"].Value);
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static bool IsRemote(string source) =>
        source.Contains("://", StringComparison.Ordinal) || source.StartsWith("git@", StringComparison.Ordinal);

    /// <summary>An earlier stage by name or by number, as BuildKit resolves FROM and --from; -1 for an image.</summary>
    private static int StageIndex(List<Stage> stages, string source, int before)
    {
        if (int.TryParse(source, out int number))
        {
            return number >= 0 && number < before ? number : -1;
        }

        return before == 0 ? -1 : stages.FindLastIndex(before - 1, before, s => s.Name == source.ToLowerInvariant());
    }

    private static string? Expand(string word, Dictionary<string, string?> globals, IReadOnlyDictionary<string, string> buildArgs)
    {
        bool unknown = false;
        string expanded = Variable().Replace(word, match =>
        {
            string name = match.Groups["name"].Value;
            if (buildArgs.TryGetValue(name, out string? value) && globals.ContainsKey(name))
            {
                return value;
            }

            if (globals.TryGetValue(name, out string? fallback) && fallback is not null)
            {
                return fallback;
            }

            unknown = true;
            return match.Value;
        });
        return unknown ? null : expanded;
    }

    private static bool HasSyntaxDirective(string dockerfileText)
    {
        foreach (string line in dockerfileText.TrimStart('\uFEFF').Split('\n'))
        {
            string content = line.Trim();
            if (!content.StartsWith('#'))
            {
                return false;
            }

            if (content.TrimStart('#').TrimStart().StartsWith("syntax", StringComparison.OrdinalIgnoreCase)
                && content.Contains('=', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Stage(string? Name, string? From)
    {
        public List<string> Sources { get; } = [];
    }
}
