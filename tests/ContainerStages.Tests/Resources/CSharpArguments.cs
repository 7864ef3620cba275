namespace ContainerStages.Tests.Resources;

/// <summary>Splits the argument list of a C# call at its top-level commas, skipping literals, comments and nested brackets.</summary>
internal static class CSharpArguments
{
    /// <param name="text">The source text.</param>
    /// <param name="start">The index just after the call's opening parenthesis.</param>
    /// <returns>The trimmed arguments; empty for "()".</returns>
    public static List<string> Split(string text, int start)
    {
        var arguments = new List<string>();
        int depth = 0;
        int argumentStart = start;
        int i = start;
        while (i < text.Length)
        {
            int skipped = SkipNonCode(text, i);
            if (skipped != i)
            {
                i = skipped;
                continue;
            }

            char c = text[i];
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                if (depth == 0)
                {
                    string last = text[argumentStart..i].Trim();
                    if (last.Length > 0 || arguments.Count > 0)
                    {
                        arguments.Add(last);
                    }

                    return arguments;
                }

                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                arguments.Add(text[argumentStart..i].Trim());
                argumentStart = i + 1;
            }

            i++;
        }

        throw new FormatException($"No closing parenthesis after index {start}.");
    }

    /// <summary>The index after a comment or a string/char literal starting at <paramref name="i"/>, or <paramref name="i"/> itself.</summary>
    private static int SkipNonCode(string text, int i)
    {
        if (At(text, i, "//"))
        {
            int end = text.IndexOf('\n', i);
            return end < 0 ? text.Length : end;
        }

        if (At(text, i, "/*"))
        {
            int end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
            return end < 0 ? text.Length : end + 2;
        }

        if (text[i] == '\'')
        {
            int j = i + 1;
            while (j < text.Length && text[j] != '\'')
            {
                j += text[j] == '\\' ? 2 : 1;
            }

            return j + 1;
        }

        // String prefixes: $, @, $@, @$ (raw """ strings are handled with or without $).
        int p = i;
        bool interpolated = false, verbatim = false;
        while (p < text.Length && text[p] is '$' or '@')
        {
            interpolated |= text[p] == '$';
            verbatim |= text[p] == '@';
            p++;
        }

        if (p >= text.Length || text[p] != '"')
        {
            return i;
        }

        if (At(text, p, "\"\"\""))
        {
            int end = text.IndexOf("\"\"\"", p + 3, StringComparison.Ordinal);
            return end < 0 ? text.Length : end + 3;
        }

        int k = p + 1;
        while (k < text.Length)
        {
            char c = text[k];
            if (c == '"')
            {
                if (verbatim && k + 1 < text.Length && text[k + 1] == '"')
                {
                    k += 2;
                    continue;
                }

                return k + 1;
            }

            if (c == '\\' && !verbatim)
            {
                k += 2;
                continue;
            }

            if (interpolated && c == '{')
            {
                if (k + 1 < text.Length && text[k + 1] == '{')
                {
                    k += 2;
                    continue;
                }

                k = SkipInterpolationHole(text, k + 1);
                continue;
            }

            k++;
        }

        return text.Length;
    }

    private static int SkipInterpolationHole(string text, int i)
    {
        int depth = 0;
        while (i < text.Length)
        {
            int skipped = SkipNonCode(text, i);
            if (skipped != i)
            {
                i = skipped;
                continue;
            }

            char c = text[i];
            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (c == '}')
            {
                if (depth == 0)
                {
                    return i + 1;
                }

                depth--;
            }

            i++;
        }

        return i;
    }

    private static bool At(string text, int i, string token) => string.CompareOrdinal(text, i, token, 0, token.Length) == 0;
}
