using System.Text.RegularExpressions;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// The failed tests of a <c>dotnet test</c> run and their assertion messages, from its console
/// output, for the error that fails the publish. Two shapes, one per test platform:
/// <list type="bullet">
/// <item>VSTest (MSTest, xUnit v2, NUnit through their adapters): <c>  Failed Name [12 ms]</c>, then
/// <c>  Error Message:</c>, the message, and <c>  Stack Trace:</c>.</item>
/// <item>Microsoft.Testing.Platform (<c>dotnet test</c> in its mode, xUnit v3, the MSTest and NUnit
/// runners): <c>failed Name (12ms)</c>, <c>  from App.Tests.dll (net10.0|x64)</c>, the message
/// lines, then the stack frames (<c>    at ...</c>).</item>
/// </list>
/// </summary>
internal static partial class DotnetTestFailures
{
    // The lines of one message kept in the error: enough for expected/actual, never a wall of text.
    private const int MaxMessageLines = 8;

    [GeneratedRegex(@"^\s*Failed\s+(?<name>[^\s\[]+)\s*\[\s*[<\d.,]+[^\]]*\]\s*$")]
    private static partial Regex VsTestFailed();

    [GeneratedRegex(@"^failed\s+(?<name>[^\s(]+)\s*\(\s*[\d.,]+\s*m?s\)\s*$")]
    private static partial Regex TestingPlatformFailed();

    [GeneratedRegex(@"^\s*(Stack Trace|Standard Output Messages|Standard Error Messages|Additional Information Messages|Debug Traces Messages):\s*$")]
    private static partial Regex VsTestSectionEnd();

    [GeneratedRegex(@"^\s+at\s+\S")]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"^(Failed!|Passed!)\s+-\s+Failed:")]
    private static partial Regex VsTestSummary();

    /// <summary>The failed tests in output order, each once, with its message (null when none was found).</summary>
    public static IReadOnlyList<FailedTest> Find(IEnumerable<string> outputLines)
    {
        var lines = outputLines.Select(TerminalText.Clean).ToList();
        var found = new List<FailedTest>();
        for (int i = 0; i < lines.Count; i++)
        {
            if (VsTestFailed().Match(lines[i]) is { Success: true } vstest)
            {
                Add(found, vstest.Groups["name"].Value, VsTestMessage(lines, i + 1));
            }
            else if (TestingPlatformFailed().Match(lines[i]) is { Success: true } mtp)
            {
                Add(found, mtp.Groups["name"].Value, TestingPlatformMessage(lines, i + 1));
            }
        }

        return found;
    }

    private static void Add(List<FailedTest> found, string name, IReadOnlyList<string> message)
    {
        if (!found.Any(f => f.Name == name))
        {
            found.Add(new FailedTest(name, message));
        }
    }

    private static IReadOnlyList<string> VsTestMessage(List<string> lines, int start)
    {
        if (start >= lines.Count || lines[start].Trim() != "Error Message:")
        {
            return [];
        }

        var message = new List<string>();
        for (int i = start + 1; i < lines.Count; i++)
        {
            string line = lines[i];
            if (VsTestSectionEnd().IsMatch(line) || VsTestFailed().IsMatch(line) || VsTestSummary().IsMatch(line))
            {
                break;
            }

            message.Add(line);
        }

        return Shorten(message);
    }

    private static IReadOnlyList<string> TestingPlatformMessage(List<string> lines, int start)
    {
        var message = new List<string>();
        for (int i = start; i < lines.Count; i++)
        {
            string line = lines[i];
            if (i == start && line.TrimStart().StartsWith("from ", StringComparison.Ordinal))
            {
                continue;
            }

            // The message is indented under its 'failed' line; the next line at column 0 is the
            // next test, the file's summary or the run's.
            if (StackFrame().IsMatch(line) || (line.Length > 0 && !char.IsWhiteSpace(line[0])))
            {
                break;
            }

            message.Add(line);
        }

        return Shorten(message);
    }

    private static IReadOnlyList<string> Shorten(List<string> message)
    {
        var kept = message.Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        return kept.Count <= MaxMessageLines ? kept : [.. kept.Take(MaxMessageLines - 1), "..."];
    }
}
