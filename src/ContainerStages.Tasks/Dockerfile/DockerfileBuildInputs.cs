using System.Text.Json;
using System.Text.RegularExpressions;

namespace ContainerStages.Dockerfile;

/// <summary>
/// What building one stage reads from outside the Dockerfile: images (FROM, COPY --from and
/// RUN --mount from=), paths of the build context (COPY, ADD, bind mounts) and secrets, following only the
/// stages that stage needs, with the global ARGs as the build arguments set them. An unchanged image
/// can be kept only when each image is known to be unchanged, and a context only the build's paths
/// need be sent.
/// </summary>
internal static partial class DockerfileBuildInputs
{
    [GeneratedRegex(@"(?:^|,)(?<key>from|type|source|src|id|target|dst|destination)=(?<value>[^,\s]+)")]
    private static partial Regex MountOption();

    /// <returns>
    /// The images, in the order first read; null when the build reads something whose freshness only
    /// the build itself can know: an image named by a variable without a value, a remote ADD source,
    /// or a frontend named in a syntax directive.
    /// </returns>
    public static DockerfileReads? Find(string dockerfileText, string target, IReadOnlyDictionary<string, string> buildArgs)
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
                stages.Add(new Stage(name, DockerfileGlobalArguments.Expand(words[0], globals, buildArgs)));
            }
            else if (stages.Count == 0)
            {
                if (instruction.Keyword == "ARG")
                {
                    DockerfileGlobalArguments.Declare(instruction, globals);
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
        var contextPaths = new List<string>();
        var secretIds = new List<string>();
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
            contextPaths.AddRange(stage.ContextPaths.Where(p => !contextPaths.Contains(p, StringComparer.Ordinal)));
            secretIds.AddRange(stage.SecretIds.Where(id => !secretIds.Contains(id, StringComparer.Ordinal)));
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

        return new DockerfileReads(images, contextPaths, secretIds);
    }

    /// <returns>False for a source only the build can read: a remote ADD, or COPY arguments that are not plain.</returns>
    private static bool Read(DockerfileInstruction instruction, Stage stage)
    {
        var words = instruction.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var flags = words.TakeWhile(word => word.StartsWith("--", StringComparison.Ordinal)).ToList();
        switch (instruction.Keyword)
        {
            case "COPY" or "ADD":
                string? from = flags.LastOrDefault(f => f.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
                if (from is not null)
                {
                    stage.Sources.Add(from);
                    return true;
                }

                string rest = instruction.Arguments;
                foreach (string flag in flags)
                {
                    rest = rest.TrimStart()[flag.Length..];
                }

                if (CopySources(rest.Trim()) is not { } sources)
                {
                    return false;
                }

                stage.ContextPaths.AddRange(sources);
                return instruction.Keyword != "ADD" || !sources.Any(IsRemote);
            case "RUN":
                foreach (string flag in flags.Where(f => f.StartsWith("--mount=", StringComparison.Ordinal)))
                {
                    var options = MountOption().Matches(flag["--mount=".Length..]).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
                    if (options.GetValueOrDefault("type") == "secret")
                    {
                        // BuildKit's default id is the file name of the target.
                        string? id = options.GetValueOrDefault("id")
                            ?? (options.GetValueOrDefault("target") ?? options.GetValueOrDefault("dst") ?? options.GetValueOrDefault("destination"))?.Split('/')[^1];
                        if (id is { Length: > 0 })
                        {
                            stage.SecretIds.Add(id);
                        }
                    }
                    else if (options.TryGetValue("from", out string? image))
                    {
                        stage.Sources.Add(image);
                    }
                    else if (!options.TryGetValue("type", out string? type) || type == "bind")
                    {
                        stage.ContextPaths.Add(options.GetValueOrDefault("source") ?? options.GetValueOrDefault("src") ?? ".");
                    }
                }

                return true;
            default:
                return true;
        }
    }

    /// <summary>The sources of a COPY or ADD (all words but the destination, or the JSON form's); none for a here-document; null when unreadable.</summary>
    private static List<string>? CopySources(string arguments)
    {
        List<string> words;
        if (arguments.StartsWith('['))
        {
            try
            {
                words = JsonSerializer.Deserialize<List<string>>(arguments) ?? [];
            }
            catch (JsonException)
            {
                return null;
            }
        }
        else
        {
            words = arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        }

        if (words.Any(w => w.StartsWith("<<", StringComparison.Ordinal)))
        {
            return [];
        }

        return words.Count < 2 ? null : words.SkipLast(1).ToList();
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

        public List<string> ContextPaths { get; } = [];

        public List<string> SecretIds { get; } = [];
    }
}
