using System.Text;

namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// Turns the byte chunks of one output stream of one vertex into complete lines. BuildKit cuts
/// chunks wherever the process's writes ended, which can be mid-line or mid-UTF-8-sequence,
/// so both the decoder state and the unfinished line carry over to the next chunk.
/// </summary>
internal sealed class LogLineAssembler
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _pending = new();

    public void Append(ReadOnlySpan<byte> bytes, List<string> completedLines)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var count = _decoder.GetChars(bytes, chars, flush: false);
        Split(chars.AsSpan(0, count), completedLines);
    }

    /// <summary>Returns the unterminated last line, if any, once the vertex is finished.</summary>
    public string? Flush()
    {
        var chars = new char[4];
        var count = _decoder.GetChars(ReadOnlySpan<byte>.Empty, chars, flush: true);
        _pending.Append(chars, 0, count);
        if (_pending.Length == 0)
        {
            return null;
        }

        var line = Clean(_pending.ToString());
        _pending.Clear();
        return line;
    }

    private void Split(ReadOnlySpan<char> text, List<string> completedLines)
    {
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            if (newline < 0)
            {
                _pending.Append(text);
                return;
            }

            _pending.Append(text[..newline]);
            completedLines.Add(Clean(_pending.ToString()));
            _pending.Clear();
            text = text[(newline + 1)..];
        }
    }

    // A bare carriage return redraws the line on a terminal (progress bars); keep what would remain
    // visible, without the colour codes no log can show.
    private static string Clean(string line)
    {
        line = line.TrimEnd('\r');
        var lastReturn = line.LastIndexOf('\r');
        return TerminalEscapes.Strip(lastReturn < 0 ? line : line[(lastReturn + 1)..]);
    }
}
