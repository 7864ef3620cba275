using System.Text.RegularExpressions;

namespace ContainerStages.Stacks.Node;

/// <summary>
/// The failed tests, with their assertion messages, in the output of the Node.js test runners a
/// package.json's test script usually calls: jest, vitest, mocha and node --test (TAP, which Node.js
/// 20 prints when no terminal reads it, and spec, Node.js 22's default). Each runner is recognised by
/// its own failure blocks; output none of them wrote gives no failures, and the error then quotes
/// the step's last lines instead.
/// </summary>
internal static partial class NodeTestFailures
{
    /// <summary>Message lines kept per failure: enough for an expected/received pair and an assert message.</summary>
    internal const int MessageLines = 8;

    public static IReadOnlyList<NodeTestFailure> Find(IReadOnlyList<string> lines)
    {
        foreach (var parse in new Func<IReadOnlyList<string>, List<NodeTestFailure>>[] { Jest, Vitest, Mocha, NodeSpec, NodeTap })
        {
            var failures = parse(lines);
            if (failures.Count > 0)
            {
                return failures.DistinctBy(f => f.Name, StringComparer.Ordinal).ToList();
            }
        }

        return [];
    }

    // jest: "FAIL src/a.test.js", then per failure "  ● suite › test", a blank line, the message,
    // a code frame ("> 5 | ...") and the stack.
    [GeneratedRegex(@"^\s*●\s+(?<name>.+?)\s*$")]
    private static partial Regex JestHeader();

    [GeneratedRegex(@"^\s*FAIL\s+(?<file>\S+)\s*$")]
    private static partial Regex JestFile();

    [GeneratedRegex(@"^\s*>?\s*\d+\s+\|")]
    private static partial Regex CodeFrame();

    [GeneratedRegex(@"^\s*at\s")]
    private static partial Regex StackLine();

    private static List<NodeTestFailure> Jest(IReadOnlyList<string> lines)
    {
        var failures = new List<NodeTestFailure>();
        string? file = null;
        for (int i = 0; i < lines.Count; i++)
        {
            if (JestFile().Match(lines[i]) is { Success: true } fileMatch)
            {
                file = fileMatch.Groups["file"].Value;
                continue;
            }

            if (JestHeader().Match(lines[i]) is not { Success: true } header)
            {
                continue;
            }

            string name = header.Groups["name"].Value;
            if (name == "Test suite failed to run" && file is not null)
            {
                name = $"{file} (test suite failed to run)";
            }

            failures.Add(new NodeTestFailure(name, Message(lines, i + 1, line =>
                CodeFrame().IsMatch(line) || StackLine().IsMatch(line) || JestHeader().IsMatch(line) || line.StartsWith("Test Suites:", StringComparison.Ordinal))));
        }

        return failures;
    }

    // vitest: " FAIL  src/a.test.ts > suite > test" (or " FAIL  src/a.test.ts [ src/a.test.ts ]" for a
    // file that cannot load), the error's lines, then " ❯ file:line:col" and a '⎯' rule.
    [GeneratedRegex(@"^\s*FAIL\s+(?<name>\S+\s+(?:>|\[).*?)\s*$")]
    private static partial Regex VitestHeader();

    private static List<NodeTestFailure> Vitest(IReadOnlyList<string> lines)
    {
        var failures = new List<NodeTestFailure>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (VitestHeader().Match(lines[i]) is { Success: true } header)
            {
                failures.Add(new NodeTestFailure(header.Groups["name"].Value, Message(lines, i + 1, line =>
                {
                    string trimmed = line.TrimStart();
                    return trimmed.StartsWith('❯') || trimmed.StartsWith('⎯') || StackLine().IsMatch(line) || VitestHeader().IsMatch(line);
                })));
            }
        }

        return failures;
    }

    // mocha: after "  3 failing", per failure "  2) suite" with the title's further parts on the
    // next lines, the last ending with ':', then the message and the stack.
    [GeneratedRegex(@"^\s*\d+ failing\s*$")]
    private static partial Regex MochaFailing();

    [GeneratedRegex(@"^\s*\d+\) (?<title>.+?)\s*$")]
    private static partial Regex MochaHeader();

    private static List<NodeTestFailure> Mocha(IReadOnlyList<string> lines)
    {
        var failures = new List<NodeTestFailure>();
        int start = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            if (MochaFailing().IsMatch(lines[i]))
            {
                start = i + 1;
            }
        }

        for (int i = Math.Max(start, 0); start >= 0 && i < lines.Count; i++)
        {
            if (MochaHeader().Match(lines[i]) is not { Success: true } header)
            {
                continue;
            }

            var title = new List<string> { header.Groups["title"].Value };
            while (!title[^1].EndsWith(':') && i + 1 < lines.Count && lines[i + 1].Trim().Length > 0)
            {
                title.Add(lines[++i].Trim());
            }

            string name = string.Join(" > ", title).TrimEnd(':');
            failures.Add(new NodeTestFailure(name, Message(lines, i + 1, line => StackLine().IsMatch(line) || MochaHeader().IsMatch(line))));
        }

        return failures;
    }

    // node --test, spec reporter: a "✖ failing tests:" summary lists each failed test (not its
    // suites) as "test at file:line:col", "✖ name (1.2ms)", the error indented, then its stack.
    [GeneratedRegex(@"^\s*✖ failing tests:\s*$")]
    private static partial Regex NodeSpecSummary();

    [GeneratedRegex(@"^✖ (?<name>.+?) \([\d.]+m?s\)\s*$")]
    private static partial Regex NodeSpecHeader();

    private static List<NodeTestFailure> NodeSpec(IReadOnlyList<string> lines)
    {
        var failures = new List<NodeTestFailure>();
        int summary = -1;
        for (int i = 0; i < lines.Count; i++)
        {
            if (NodeSpecSummary().IsMatch(lines[i]))
            {
                summary = i;
            }
        }

        for (int i = summary + 1; summary >= 0 && i < lines.Count; i++)
        {
            if (NodeSpecHeader().Match(lines[i]) is { Success: true } header)
            {
                failures.Add(new NodeTestFailure(header.Groups["name"].Value, Message(lines, i + 1, line =>
                    StackLine().IsMatch(line) || NodeSpecHeader().IsMatch(line) || line.StartsWith("test at ", StringComparison.Ordinal))));
            }
        }

        return failures;
    }

    // node --test, TAP: "not ok 2 - name" at the depth of its "# Subtest: name" line, then a YAML
    // block with failureType and error ("error: 'text'" or "error: |-" and indented lines). A suite
    // whose subtests failed says failureType: 'subtestsFailed' and is left out.
    [GeneratedRegex(@"^(?<indent>\s*)# Subtest: (?<name>.+?)\s*$")]
    private static partial Regex TapSubtest();

    [GeneratedRegex(@"^(?<indent>\s*)(?<ok>not ok|ok) \d+ - (?<name>.+?)(?:\s+#\s.*)?\s*$")]
    private static partial Regex TapResult();

    [GeneratedRegex(@"^\s*error:\s*(?<value>.*?)\s*$")]
    private static partial Regex TapError();

    private static List<NodeTestFailure> NodeTap(IReadOnlyList<string> lines)
    {
        var failures = new List<NodeTestFailure>();
        var open = new List<(int Indent, string Name)>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (TapSubtest().Match(lines[i]) is { Success: true } subtest)
            {
                open.Add((subtest.Groups["indent"].Length, subtest.Groups["name"].Value));
                continue;
            }

            if (TapResult().Match(lines[i]) is not { Success: true } result)
            {
                continue;
            }

            int indent = result.Groups["indent"].Length;
            open.RemoveAll(o => o.Indent >= indent);
            if (result.Groups["ok"].Value != "not ok")
            {
                continue;
            }

            var (suite, message) = ReadTapBlock(lines, i + 1);
            if (!suite)
            {
                var path = open.Select(o => o.Name).Append(result.Groups["name"].Value);
                failures.Add(new NodeTestFailure(string.Join(" > ", path), message));
            }
        }

        return failures;
    }

    private static (bool Suite, IReadOnlyList<string> Message) ReadTapBlock(IReadOnlyList<string> lines, int start)
    {
        if (start >= lines.Count || lines[start].Trim() != "---")
        {
            return (false, []);
        }

        bool suite = false;
        var message = new List<string>();
        for (int i = start + 1; i < lines.Count && lines[i].Trim() != "..."; i++)
        {
            suite |= lines[i].Contains("failureType: 'subtestsFailed'", StringComparison.Ordinal);
            if (TapError().Match(lines[i]) is not { Success: true } error)
            {
                continue;
            }

            string value = error.Groups["value"].Value;
            if (value is "|-" or "|" or ">-" or ">")
            {
                int keyIndent = lines[i].Length - lines[i].TrimStart().Length;
                for (int j = i + 1; j < lines.Count && (lines[j].Trim().Length == 0 || lines[j].Length - lines[j].TrimStart().Length > keyIndent); j++)
                {
                    message.Add(lines[j]);
                }
            }
            else
            {
                message.Add(value.Length >= 2 && value[0] == '\'' && value[^1] == '\'' ? value[1..^1].Replace("''", "'", StringComparison.Ordinal) : value);
            }
        }

        return (suite, Trimmed(message));
    }

    /// <summary>The non-blank lines from <paramref name="start"/> until one that <paramref name="ends"/> the message, trimmed, at most <see cref="MessageLines"/>.</summary>
    private static IReadOnlyList<string> Message(IReadOnlyList<string> lines, int start, Func<string, bool> ends)
    {
        var message = new List<string>();
        for (int i = start; i < lines.Count && !ends(lines[i]); i++)
        {
            message.Add(lines[i]);
        }

        return Trimmed(message);
    }

    private static List<string> Trimmed(IEnumerable<string> lines) =>
        lines.Select(l => l.Trim()).Where(l => l.Length > 0).Take(MessageLines).ToList();
}
