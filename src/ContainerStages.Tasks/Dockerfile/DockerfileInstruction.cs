using System.Text;
using System.Text.RegularExpressions;

namespace ContainerStages.Dockerfile;

/// <summary>
/// One instruction of a Dockerfile as BuildKit's parser splits the file: continuation lines are
/// joined (the escape character may be followed by spaces or tabs), comment lines and empty lines
/// inside a continuation are skipped, the '# escape=' parser directive is honoured, and the
/// here-documents of RUN, COPY and ADD (<c>&lt;&lt;EOF</c> ... <c>EOF</c>) are skipped as their
/// instruction's content.
/// </summary>
/// <param name="Keyword">The instruction, upper-case (<c>FROM</c>, <c>RUN</c>, ...).</param>
/// <param name="Arguments">Everything after the keyword, continuations joined, trimmed.</param>
/// <param name="Line">The 1-based line the instruction starts on.</param>
internal sealed partial record DockerfileInstruction(string Keyword, string Arguments, int Line)
{
    // BuildKit's parser directive shape: "# key=value", only before anything else in the file.
    [GeneratedRegex(@"^#\s*(?<key>[a-zA-Z][a-zA-Z0-9]*)\s*=\s*(?<value>.+?)\s*$")]
    private static partial Regex Directive();

    // A here-document word as BuildKit's parser takes it (^(\d*)<<(-?)([^<]*)$, name unquoted).
    [GeneratedRegex(@"(?<![^\s])\d*<<(?<chomp>-?)(?<quote>[""']?)(?<name>[^\s<""']+)\k<quote>(?![^\s])")]
    private static partial Regex Heredoc();

    private static readonly HashSet<string> HeredocInstructions = ["RUN", "COPY", "ADD"];

    public static IReadOnlyList<DockerfileInstruction> Parse(string text)
    {
        string[] lines = text.TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        char escape = EscapeCharacter(lines);
        var instructions = new List<DockerfileInstruction>();
        StringBuilder? pending = null;
        int start = 0;
        var heredocs = new Queue<(string Name, bool StripTabs)>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (heredocs.Count > 0)
            {
                var (name, stripTabs) = heredocs.Peek();
                if ((stripTabs ? line.TrimStart('\t') : line) == name)
                {
                    heredocs.Dequeue();
                }

                continue;
            }

            string content = line.TrimStart();
            if (content.StartsWith('#'))
            {
                // A comment line, also inside a continued instruction (it does not end it).
                continue;
            }

            if (content.Length == 0)
            {
                // Blank between instructions, or an empty continuation line (which does not end it either).
                continue;
            }

            if (pending is null)
            {
                pending = new StringBuilder();
                start = i + 1;
                line = content;
            }

            string body = line.TrimEnd(' ', '\t');
            if (body.EndsWith(escape))
            {
                pending.Append(body, 0, body.Length - 1);
                continue;
            }

            pending.Append(line);
            var instruction = Create(pending.ToString(), start);
            instructions.Add(instruction);
            pending = null;
            if (HeredocInstructions.Contains(instruction.Keyword))
            {
                foreach (Match heredoc in Heredoc().Matches(instruction.Arguments))
                {
                    heredocs.Enqueue((heredoc.Groups["name"].Value, heredoc.Groups["chomp"].Value == "-"));
                }
            }
        }

        if (pending is not null)
        {
            instructions.Add(Create(pending.ToString(), start));
        }

        return instructions;
    }

    /// <summary>The words of <see cref="Arguments"/> split on whitespace, without <c>--flag</c> words before the first other word.</summary>
    public IReadOnlyList<string> WordsWithoutLeadingFlags()
    {
        var words = Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.SkipWhile(word => word.StartsWith("--", StringComparison.Ordinal)).ToList();
    }

    private static DockerfileInstruction Create(string text, int line)
    {
        string trimmed = text.Trim();
        int space = trimmed.IndexOfAny([' ', '\t']);
        return space < 0
            ? new DockerfileInstruction(trimmed.ToUpperInvariant(), string.Empty, line)
            : new DockerfileInstruction(trimmed[..space].ToUpperInvariant(), trimmed[(space + 1)..].Trim(), line);
    }

    private static char EscapeCharacter(string[] lines)
    {
        char escape = '\\';
        foreach (string line in lines)
        {
            var directive = Directive().Match(line);
            if (!directive.Success)
            {
                break;
            }

            if (directive.Groups["key"].Value.Equals("escape", StringComparison.OrdinalIgnoreCase)
                && directive.Groups["value"].Value is "`" or "\\")
            {
                escape = directive.Groups["value"].Value[0];
            }
        }

        return escape;
    }
}
