using System.Text;

namespace ContainerStages.Dockerfile;

/// <summary>
/// How a value is written into a Dockerfile so that BuildKit's frontend reads it back as written: each
/// instruction runs its arguments through a different lexer (JSON, shell words, /bin/sh).
/// </summary>
internal static class DockerfileText
{
    /// <summary>An exec-form JSON array (ENTRYPOINT, CMD, HEALTHCHECK CMD), where nothing is expanded.</summary>
    internal static string JsonArray(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(JsonString)) + "]";

    /// <summary>
    /// A double-quoted word for ENV and LABEL values, where the frontend expands variables:
    /// '$' is escaped along with the quote and the backslash so the value arrives as written
    /// (inside double quotes BuildKit's lexer honours only these three escapes).
    /// </summary>
    internal static string Quote(string value) => "\"" + EscapeWord(value, insideDoubleQuotes: true) + "\"";

    /// <summary>
    /// A COPY source or destination in the JSON form: the frontend parses the JSON first and then
    /// runs each element through its shell-word lexer (variables, quotes, escapes), so the word
    /// escapes go inside the JSON escapes. Quotes are escaped too: a bare "'" would open a quoted
    /// string that never ends ("unexpected end of statement while looking for matching single-quote").
    /// </summary>
    internal static string CopyPath(string path) => JsonString(EscapeWord(path, insideDoubleQuotes: false));

    /// <summary>An unquoted word (WORKDIR, USER), which the frontend also runs through its lexer.</summary>
    internal static string Word(string value) => EscapeWord(value, insideDoubleQuotes: false);

    /// <summary>An argument of a shell-form RUN, which /bin/sh reads: single quotes only where needed.</summary>
    internal static string ShellArgument(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or '+' or '@' or ':' or '=' or ',')
            ? value
            : ShellText.Quote(value);

    /// <summary>An element of an exec-form JSON array (ENTRYPOINT), where nothing is expanded.</summary>
    internal static string JsonString(string value) => System.Text.Json.JsonSerializer.Serialize(value, JsonOptions);

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        // Keeps non-ASCII file names readable instead of \uXXXX; the Dockerfile is UTF-8.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Outside quotes the lexer drops a backslash before any character; inside double quotes only
    // before '"', '$' and the backslash (any other backslash stays), so "'" is escaped only outside.
    private static string EscapeWord(string value, bool insideDoubleQuotes)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (c is '\\' or '$' or '"' || (!insideDoubleQuotes && c == '\''))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>Appends one line with a '\n' end on every OS, so the same inputs give byte-identical files.</summary>
    public static void Line(StringBuilder text, string line = "") => text.Append(line).Append('\n');
}
