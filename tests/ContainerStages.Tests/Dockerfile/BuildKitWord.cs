using System.Text;

namespace ContainerStages.Tests.Dockerfile;

/// <summary>
/// A test model of BuildKit's shell-word lexer (frontend/dockerfile/shell/lex.go, ProcessWord), which
/// the Dockerfile frontend runs on ENV and LABEL values, COPY sources and destinations, WORKDIR and
/// USER: quotes are removed, a backslash outside quotes escapes any character, inside double quotes
/// only '"', '$' and '\' (any other backslash stays). The environment is empty and any expansion
/// throws, so a test sees a value that would not arrive literally.
/// </summary>
internal static class BuildKitWord
{
    public static string Process(string word)
    {
        var result = new StringBuilder();
        int i = 0;
        while (i < word.Length)
        {
            char c = word[i];
            switch (c)
            {
                case '$':
                    throw new FormatException($"The frontend would expand a variable at {i} in: {word}");
                case '\'':
                    int end = word.IndexOf('\'', i + 1);
                    if (end < 0)
                    {
                        throw new FormatException($"unexpected end of statement while looking for matching single-quote: {word}");
                    }

                    result.Append(word, i + 1, end - i - 1);
                    i = end + 1;
                    break;
                case '"':
                    i = DoubleQuoted(word, i + 1, result);
                    break;
                case '\\':
                    if (i + 1 < word.Length)
                    {
                        result.Append(word[i + 1]);
                    }

                    i += 2;
                    break;
                default:
                    result.Append(c);
                    i++;
                    break;
            }
        }

        return result.ToString();
    }

    private static int DoubleQuoted(string word, int i, StringBuilder result)
    {
        while (true)
        {
            if (i >= word.Length)
            {
                throw new FormatException($"unexpected end of statement while looking for matching double-quote: {word}");
            }

            char c = word[i];
            if (c == '"')
            {
                return i + 1;
            }

            if (c == '$')
            {
                throw new FormatException($"The frontend would expand a variable at {i} in: {word}");
            }

            if (c == '\\' && i + 1 < word.Length && word[i + 1] is '"' or '$' or '\\')
            {
                result.Append(word[i + 1]);
                i += 2;
                continue;
            }

            result.Append(c);
            i++;
        }
    }
}
