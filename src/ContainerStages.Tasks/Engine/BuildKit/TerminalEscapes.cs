using System.Text.RegularExpressions;

namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// Removes terminal control sequences from a line of build output. Tools that force colour (test
/// runners with FORCE_COLOR, a CI setting) print them even when no terminal reads them, and in an
/// MSBuild log they are noise: ESC[32m around a word, ESC[7m around an expected value.
/// </summary>
internal static partial class TerminalEscapes
{
    // CSI (ESC [ ... final byte: colours, cursor moves, erase), OSC (ESC ] ... BEL or ESC \: titles,
    // links), the 8-bit CSI, and the two-byte escapes (ESC 7, ESC (B ...).
    [GeneratedRegex(@"\x1B\[[0-?]*[ -/]*[@-~]|\x9B[0-?]*[ -/]*[@-~]|\x1B\][^\x07\x1B]*(?:\x07|\x1B\\)?|\x1B[ -/]*[0-~]?")]
    private static partial Regex Sequence();

    public static string Strip(string line) =>
        line.Contains('\x1B', StringComparison.Ordinal) || line.Contains('\x9B', StringComparison.Ordinal) ? Sequence().Replace(line, string.Empty) : line;
}
