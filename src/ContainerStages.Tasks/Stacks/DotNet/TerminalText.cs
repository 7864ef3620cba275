using System.Text.RegularExpressions;
using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// A line of a tool's output as text for a log: without terminal escape sequences (colours, cursor
/// moves), which tools write even without a terminal when told to or when they guess wrong, and
/// without BuildKit's plain-progress prefix (<c>#12 1.234 </c>).
/// </summary>
internal static partial class TerminalText
{
    [GeneratedRegex(@"^#\d+\s+\d+(?:\.\d+)?\s")]
    private static partial Regex BuildKitPrefix();

    public static string Clean(string line) => BuildKitPrefix().Replace(TerminalEscapes.Strip(line), string.Empty, 1);
}
