using System.Text.RegularExpressions;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// A line of a tool's output as text for a log: without terminal escape sequences (colours, cursor
/// moves), which tools write even without a terminal when told to or when they guess wrong, and
/// without BuildKit's plain-progress prefix (<c>#12 1.234 </c>).
/// </summary>
internal static partial class TerminalText
{
    // CSI sequences (ESC [ ... final byte), OSC sequences (ESC ] ... BEL or ESC \), and two-byte escapes.
    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[@-Z\\-_])")]
    private static partial Regex Escape();

    [GeneratedRegex(@"^#\d+\s+\d+(?:\.\d+)?\s")]
    private static partial Regex BuildKitPrefix();

    public static string Clean(string line)
    {
        string text = line.Contains('\x1B', StringComparison.Ordinal) ? Escape().Replace(line, string.Empty) : line;
        return BuildKitPrefix().Replace(text, string.Empty, 1);
    }
}
