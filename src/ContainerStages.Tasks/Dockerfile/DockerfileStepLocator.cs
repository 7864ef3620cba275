using System.Globalization;
using System.Text.RegularExpressions;

namespace ContainerStages.Dockerfile;

/// <summary>
/// Finds the Dockerfile line of a BuildKit step from its vertex name ("[build 3/4] RUN ..."), so a
/// failure is reported as file(line) and Visual Studio's error list jumps to the instruction.
/// </summary>
/// <remarks>
/// Numbered as BuildKit's dockerfile2llb numbers them (convert.go, cmdTotal and prefixCommand):
/// within each stage only FROM, RUN, COPY, ADD and WORKDIR are steps; the FROM counts only when it
/// names an image (not 'scratch' and not an earlier stage of the file); ENV, LABEL, EXPOSE, USER,
/// ENTRYPOINT, CMD, ARG and the other metadata instructions are not counted. A WORKDIR that resolves
/// to '/' counts in the total but gets no vertex and no number. The index is space-padded to the
/// width of the total ("[build  3/12]"), an unnamed stage is "stage-N" (N counting every FROM from 0),
/// a one-stage file has no stage name at all, and a multi-platform build puts the platform first
/// ("[linux/amd64 build 3/4]").
/// </remarks>
internal static partial class DockerfileStepLocator
{
    [GeneratedRegex(@"^\[(?<inner>[^\]]+)\]")]
    private static partial Regex BracketPrefix();

    [GeneratedRegex(@"^(?<index>\d+)/(?<total>\d+)$")]
    private static partial Regex StepNumber();

    private const string Scratch = "scratch";

    /// <returns>The 1-based line of the step's instruction, or 0 when the name is not a step of this file.</returns>
    public static int FindLine(string dockerfileText, string vertexName)
    {
        var prefix = BracketPrefix().Match(vertexName);
        if (!prefix.Success)
        {
            return 0;
        }

        string[] words = prefix.Groups["inner"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var number = words.Length == 0 ? Match.Empty : StepNumber().Match(words[^1]);
        if (!number.Success
            || !int.TryParse(number.Groups["index"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(number.Groups["total"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int total))
        {
            return 0;
        }

        // Stage names cannot hold '/', platforms always do ("linux/amd64", "linux/amd64->arm64").
        string? wantedStage = words.Length >= 2 && !words[^2].Contains('/') ? words[^2].ToLowerInvariant() : null;
        var stages = ReadStages(dockerfileText);
        var stage = wantedStage is null
            ? (stages.Count == 1 ? stages[0] : null)
            : stages.FirstOrDefault(s => s.Name == wantedStage);

        // A different total means the file changed since the build read it: no line beats a wrong one.
        return stage is not null && stage.Total == total && index >= 1 && index <= stage.StepLines.Count
            ? stage.StepLines[index - 1]
            : 0;
    }

    private sealed record Stage(string Name, List<int> StepLines)
    {
        public int Total { get; set; }
    }

    private static List<Stage> ReadStages(string text)
    {
        var stages = new List<Stage>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var globals = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var instruction in DockerfileInstruction.Parse(text))
        {
            if (instruction.Keyword == "ARG" && stages.Count == 0)
            {
                DockerfileGlobalArguments.Declare(instruction, globals);
            }

            if (instruction.Keyword == "FROM")
            {
                var words = instruction.WordsWithoutLeadingFlags();

                // A stage chosen by a global argument ('FROM runtime-with-${...}') is a stage whichever value it has.
                string baseName = words.Count > 0 ? DockerfileGlobalArguments.Expand(words[0], globals, buildArgs: null) ?? words[0] : string.Empty;
                string? name = words.Count == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2].ToLowerInvariant() : null;

                // BuildKit looks the base up among the earlier stages' (lower-cased) names as written.
                bool fromImage = baseName != Scratch && !names.Contains(baseName);
                var stage = new Stage(name ?? $"stage-{stages.Count}", fromImage ? [instruction.Line] : []) { Total = fromImage ? 1 : 0 };
                stages.Add(stage);
                if (name is not null)
                {
                    names.Add(name);
                }

                continue;
            }

            if (stages.Count == 0)
            {
                continue;
            }

            var current = stages[^1];
            switch (instruction.Keyword)
            {
                case "RUN" or "COPY" or "ADD":
                    current.Total++;
                    current.StepLines.Add(instruction.Line);
                    break;
                case "WORKDIR":
                    current.Total++;
                    if (!IsRoot(instruction.Arguments))
                    {
                        current.StepLines.Add(instruction.Line);
                    }

                    break;
            }
        }

        return stages;
    }

    /// <summary>An absolute WORKDIR that normalizes to '/', for which BuildKit makes no vertex.</summary>
    private static bool IsRoot(string path)
    {
        string unquoted = path.Trim().Trim('"', '\'');
        if (!unquoted.StartsWith('/'))
        {
            return false;
        }

        int depth = 0;
        foreach (string segment in unquoted.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            depth = segment switch
            {
                "." => depth,
                ".." => Math.Max(0, depth - 1),
                _ => depth + 1,
            };
        }

        return depth == 0;
    }
}
