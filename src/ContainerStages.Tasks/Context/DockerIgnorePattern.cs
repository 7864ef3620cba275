using System.Text;

namespace ContainerStages.Context;

/// <summary>
/// One cleaned .dockerignore pattern, compiled with the meaning Docker gives it (moby/patternmatcher):
/// <c>*</c> and <c>?</c> stay inside one path segment, <c>**</c> spans directories, <c>[...]</c> is a
/// character class, <c>\</c> escapes the next character, and a pattern that starts with <c>**</c>
/// followed only by literal text is a plain suffix test ("**.txt" matches "a/b.txt").
/// </summary>
/// <remarks>
/// Docker translates patterns to regular expressions; we compile them to a small automaton instead,
/// which also answers "could this pattern match anything below a given directory" exactly, the
/// question the walker asks before skipping an excluded directory.
/// </remarks>
internal sealed class DockerIgnorePattern
{
    private const int Slash = '/';

    private readonly DockerIgnorePatternToken[] _tokens;
    private readonly DockerIgnorePatternShape _shape;
    private readonly string _literalText;

    // For the general shape: the literal text every match starts and ends with, tested before the automaton runs.
    private readonly string _requiredPrefix;
    private readonly string _requiredSuffix;

    private DockerIgnorePattern(string text, bool isException, DockerIgnorePatternToken[] tokens)
    {
        Text = text;
        IsException = isException;
        _tokens = tokens;
        (_shape, _literalText) = Classify(tokens);
        (_requiredPrefix, _requiredSuffix) = LiteralEnds(tokens);
    }

    /// <summary>The cleaned pattern, without the leading <c>!</c> of an exception.</summary>
    public string Text { get; }

    /// <summary>Whether the line started with <c>!</c>: a match re-includes the path.</summary>
    public bool IsException { get; }

    /// <summary>The pattern as Docker lists it: <see cref="Text"/>, with "!" in front for an exception.</summary>
    public override string ToString() => IsException ? "!" + Text : Text;

    /// <summary>Compiles a cleaned pattern (no "!"), rejecting what Go's filepath.Match rejects.</summary>
    /// <exception cref="DockerIgnoreSyntaxException">The pattern is malformed.</exception>
    public static DockerIgnorePattern Compile(string cleanedPattern, bool isException, int lineNumber, string lineText)
    {
        int[] characters = ToCodePoints(cleanedPattern);
        var tokens = Tokenize(characters, lineNumber, lineText);

        // Docker's suffix match: "**" first and nothing but literal text after it. It tests
        // strings.HasSuffix(path, rest), which is looser than what "**" means elsewhere.
        if (characters.Length >= 2 && characters[0] == '*' && characters[1] == '*'
            && !characters.AsSpan(2).ContainsAny(['*', '?', '[', ']', '\\']))
        {
            tokens = SuffixTokens(characters.AsSpan(2));
        }

        return new DockerIgnorePattern(cleanedPattern, isException, tokens);
    }

    /// <summary>A pattern that matches exactly one path, whatever characters it holds.</summary>
    public static DockerIgnorePattern LiteralException(string relativePath)
    {
        var tokens = ToCodePoints(relativePath).Select(DockerIgnorePatternToken.Literal).ToArray();
        return new DockerIgnorePattern(Escape(relativePath), isException: true, tokens);
    }

    /// <summary>Whether the pattern matches the whole of <paramref name="path"/> (no parent rule here).</summary>
    public bool Matches(string path) => _shape switch
    {
        DockerIgnorePatternShape.Exact => string.Equals(path, _literalText, StringComparison.Ordinal),
        DockerIgnorePatternShape.Prefix => path.StartsWith(_literalText, StringComparison.Ordinal),
        DockerIgnorePatternShape.Suffix => path.EndsWith(_literalText, StringComparison.Ordinal),
        DockerIgnorePatternShape.DirectorySuffix =>
            string.Equals(path, _literalText, StringComparison.Ordinal)
            || (path.Length > _literalText.Length
                && path.EndsWith(_literalText, StringComparison.Ordinal)
                && path[path.Length - _literalText.Length - 1] == '/'),
        DockerIgnorePatternShape.LastSegmentPrefix =>
            path.AsSpan(path.LastIndexOf('/') + 1).StartsWith(_literalText, StringComparison.Ordinal),
        _ => path.StartsWith(_requiredPrefix, StringComparison.Ordinal)
            && path.EndsWith(_requiredSuffix, StringComparison.Ordinal)
            && Run(path, requireMoreInput: false),
    };

    /// <summary>
    /// Whether some path strictly below <paramref name="directoryPath"/> could match: run the
    /// automaton over "directory/" and see whether it is still alive and wants more input.
    /// </summary>
    public bool CanMatchBelow(string directoryPath) => Run(directoryPath + "/", requireMoreInput: true);

    private bool Run(string input, bool requireMoreInput)
    {
        // States: 2i = "before token i", 2i + 1 = "inside the **/ run of token i", 2n = accepted.
        int stateCount = (2 * _tokens.Length) + 1;
        Span<bool> current = stateCount <= 512 ? stackalloc bool[stateCount] : new bool[stateCount];
        Span<bool> next = stateCount <= 512 ? stackalloc bool[stateCount] : new bool[stateCount];
        current.Clear();
        AddWithEmptyMoves(current, 0);

        foreach (Rune rune in input.EnumerateRunes())
        {
            next.Clear();
            bool alive = false;
            int c = rune.Value;
            for (int state = 0; state < stateCount - 1; state++)
            {
                if (current[state])
                {
                    alive |= Step(next, state, c);
                }
            }

            if (!alive)
            {
                return false;
            }

            Span<bool> swap = current;
            current = next;
            next = swap;
        }

        if (!requireMoreInput)
        {
            return current[stateCount - 1];
        }

        // Alive before the end: every remaining token can consume at least one character and
        // every token can be satisfied, so some longer path matches.
        return current[..(stateCount - 1)].Contains(true);
    }

    private bool Step(Span<bool> next, int state, int c)
    {
        int index = state / 2;
        var token = _tokens[index];
        if (state % 2 == 1 || token.Kind == DockerIgnorePatternTokenKind.OptionalDirectories)
        {
            next[(2 * index) + 1] = true;
            if (c == Slash)
            {
                AddWithEmptyMoves(next, index + 1);
            }

            return true;
        }

        switch (token.Kind)
        {
            case DockerIgnorePatternTokenKind.Literal when token.CodePoint == c:
            case DockerIgnorePatternTokenKind.AnyCharacter when c != Slash:
            case DockerIgnorePatternTokenKind.CharacterClass when token.ClassContains(c):
                AddWithEmptyMoves(next, index + 1);
                return true;
            case DockerIgnorePatternTokenKind.Star when c != Slash:
            case DockerIgnorePatternTokenKind.AnyRun:
                AddWithEmptyMoves(next, index);
                return true;
            default:
                return false;
        }
    }

    private void AddWithEmptyMoves(Span<bool> states, int tokenIndex)
    {
        // "*", "**" and "**/" may match nothing, so being before them is also being after them.
        for (int i = tokenIndex; i <= _tokens.Length && !states[2 * i]; i++)
        {
            states[2 * i] = true;
            if (i == _tokens.Length || _tokens[i].Kind is not (DockerIgnorePatternTokenKind.Star
                or DockerIgnorePatternTokenKind.AnyRun or DockerIgnorePatternTokenKind.OptionalDirectories))
            {
                break;
            }
        }
    }

    private static DockerIgnorePatternToken[] Tokenize(int[] c, int lineNumber, string lineText)
    {
        var tokens = new List<DockerIgnorePatternToken>(c.Length);
        int i = 0;
        while (i < c.Length)
        {
            switch (c[i])
            {
                case '*' when i + 1 < c.Length && c[i + 1] == '*':
                    i += 2;
                    if (i < c.Length && c[i] == Slash)
                    {
                        // "**/" is "**": the slash belongs to the optional directories.
                        i++;
                    }

                    tokens.Add(DockerIgnorePatternToken.Of(i == c.Length
                        ? DockerIgnorePatternTokenKind.AnyRun
                        : DockerIgnorePatternTokenKind.OptionalDirectories));
                    break;
                case '*':
                    tokens.Add(DockerIgnorePatternToken.Of(DockerIgnorePatternTokenKind.Star));
                    i++;
                    break;
                case '?':
                    tokens.Add(DockerIgnorePatternToken.Of(DockerIgnorePatternTokenKind.AnyCharacter));
                    i++;
                    break;
                case '\\':
                    if (i + 1 == c.Length)
                    {
                        throw new DockerIgnoreSyntaxException(lineNumber, lineText, "a trailing '\\' escapes nothing");
                    }

                    tokens.Add(DockerIgnorePatternToken.Literal(c[i + 1]));
                    i += 2;
                    break;
                case '[':
                    tokens.Add(ReadCharacterClass(c, ref i, lineNumber, lineText));
                    break;
                default:
                    tokens.Add(DockerIgnorePatternToken.Literal(c[i]));
                    i++;
                    break;
            }
        }

        return tokens.ToArray();
    }

    // The class grammar of Go's filepath.Match, which Docker uses to validate patterns:
    // "[" ["^"] { char | char "-" char } "]", at least one item, "-" and "]" escaped when meant literally.
    private static DockerIgnorePatternToken ReadCharacterClass(int[] c, ref int i, int lineNumber, string lineText)
    {
        i++;
        bool negated = i < c.Length && c[i] == '^';
        if (negated)
        {
            i++;
        }

        var ranges = new List<int>();
        while (true)
        {
            if (i < c.Length && c[i] == ']' && ranges.Count > 0)
            {
                i++;
                return DockerIgnorePatternToken.CharacterClass(ranges.ToArray(), negated);
            }

            int low = ReadClassCharacter(c, ref i, lineNumber, lineText);
            int high = low;
            if (c[i] == '-')
            {
                i++;
                high = ReadClassCharacter(c, ref i, lineNumber, lineText);
                if (high < low)
                {
                    // filepath.Match accepts it, but Docker's regular expression then fails to compile
                    // and the build stops at the first path it checks: better to say so up front.
                    throw new DockerIgnoreSyntaxException(lineNumber, lineText,
                        $"the range '{char.ConvertFromUtf32(low)}-{char.ConvertFromUtf32(high)}' in a character class is reversed");
                }
            }

            ranges.Add(low);
            ranges.Add(high);
        }
    }

    private static int ReadClassCharacter(int[] c, ref int i, int lineNumber, string lineText)
    {
        if (i == c.Length)
        {
            throw new DockerIgnoreSyntaxException(lineNumber, lineText, "the character class '[' is not closed with ']'");
        }

        if (c[i] is '-' or ']')
        {
            throw new DockerIgnoreSyntaxException(lineNumber, lineText,
                $"a character class holds an unescaped '{(char)c[i]}' where a character is expected; write '\\{(char)c[i]}' to mean it literally");
        }

        if (c[i] == '\\')
        {
            i++;
            if (i == c.Length)
            {
                throw new DockerIgnoreSyntaxException(lineNumber, lineText, "the character class '[' is not closed with ']'");
            }
        }

        int value = c[i];
        i++;
        if (i == c.Length)
        {
            throw new DockerIgnoreSyntaxException(lineNumber, lineText, "the character class '[' is not closed with ']'");
        }

        return value;
    }

    private static DockerIgnorePatternToken[] SuffixTokens(ReadOnlySpan<int> rest)
    {
        var tokens = new List<DockerIgnorePatternToken>(rest.Length + 1);
        if (!rest.IsEmpty && rest[0] == Slash)
        {
            // "**/foo": the path ends with "/foo", or is "foo".
            tokens.Add(DockerIgnorePatternToken.Of(DockerIgnorePatternTokenKind.OptionalDirectories));
            rest = rest[1..];
        }
        else
        {
            // "**foo": the path ends with "foo", in any segment ("barfoo" too).
            tokens.Add(DockerIgnorePatternToken.Of(DockerIgnorePatternTokenKind.AnyRun));
        }

        foreach (int c in rest)
        {
            tokens.Add(DockerIgnorePatternToken.Literal(c));
        }

        return tokens.ToArray();
    }

    private static (DockerIgnorePatternShape Shape, string Literal) Classify(DockerIgnorePatternToken[] tokens)
    {
        // "**/*" + literals without "/" ("**/*.user"): (.*/)?[^/]*\.user, which is a plain suffix test;
        // "**/" + literals without "/" + "*" ("**/.env.*"): the last segment starts with the literals.
        if (tokens.Length > 2 && tokens[0].Kind == DockerIgnorePatternTokenKind.OptionalDirectories)
        {
            if (tokens[1].Kind == DockerIgnorePatternTokenKind.Star && LiteralWithoutSlash(tokens.AsSpan(2)) is { } suffix)
            {
                return (DockerIgnorePatternShape.Suffix, suffix);
            }

            if (tokens[^1].Kind == DockerIgnorePatternTokenKind.Star && LiteralWithoutSlash(tokens.AsSpan(1, tokens.Length - 2)) is { } prefix)
            {
                return (DockerIgnorePatternShape.LastSegmentPrefix, prefix);
            }
        }

        int first = 0;
        int end = tokens.Length;
        var shape = DockerIgnorePatternShape.Exact;
        if (tokens.Length > 0 && tokens[0].Kind == DockerIgnorePatternTokenKind.AnyRun)
        {
            shape = DockerIgnorePatternShape.Suffix;
            first = 1;
        }
        else if (tokens.Length > 0 && tokens[0].Kind == DockerIgnorePatternTokenKind.OptionalDirectories)
        {
            shape = DockerIgnorePatternShape.DirectorySuffix;
            first = 1;
        }
        else if (tokens.Length > 0 && tokens[^1].Kind == DockerIgnorePatternTokenKind.AnyRun)
        {
            shape = DockerIgnorePatternShape.Prefix;
            end--;
        }

        var literal = new StringBuilder();
        for (int i = first; i < end; i++)
        {
            if (tokens[i].Kind != DockerIgnorePatternTokenKind.Literal)
            {
                return (DockerIgnorePatternShape.General, string.Empty);
            }

            literal.Append(char.ConvertFromUtf32(tokens[i].CodePoint));
        }

        return (shape, literal.ToString());
    }

    private static string? LiteralWithoutSlash(ReadOnlySpan<DockerIgnorePatternToken> tokens)
    {
        var literal = new StringBuilder();
        foreach (var token in tokens)
        {
            if (token.Kind != DockerIgnorePatternTokenKind.Literal || token.CodePoint == Slash)
            {
                return null;
            }

            literal.Append(char.ConvertFromUtf32(token.CodePoint));
        }

        return literal.Length > 0 ? literal.ToString() : null;
    }

    // Literal tokens consume exactly one character each, so a match starts with the leading ones and ends with the trailing ones.
    private static (string Prefix, string Suffix) LiteralEnds(DockerIgnorePatternToken[] tokens)
    {
        int head = 0;
        while (head < tokens.Length && tokens[head].Kind == DockerIgnorePatternTokenKind.Literal)
        {
            head++;
        }

        int tail = tokens.Length;
        while (tail > head && tokens[tail - 1].Kind == DockerIgnorePatternTokenKind.Literal)
        {
            tail--;
        }

        static string Text(ReadOnlySpan<DockerIgnorePatternToken> literals)
        {
            var text = new StringBuilder();
            foreach (var token in literals)
            {
                text.Append(char.ConvertFromUtf32(token.CodePoint));
            }

            return text.ToString();
        }

        return (Text(tokens.AsSpan(0, head)), Text(tokens.AsSpan(tail)));
    }

    private static int[] ToCodePoints(string text)
    {
        var result = new List<int>(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            result.Add(rune.Value);
        }

        return result.ToArray();
    }

    private static string Escape(string literal)
    {
        var escaped = new StringBuilder(literal.Length);
        foreach (char c in literal)
        {
            if (c is '\\' or '*' or '?' or '[' or ']')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
