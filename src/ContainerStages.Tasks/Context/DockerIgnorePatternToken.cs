namespace ContainerStages.Context;

/// <summary>One compiled piece of a .dockerignore pattern. Characters are Unicode code points, as in Go.</summary>
internal readonly struct DockerIgnorePatternToken
{
    private readonly int[]? _ranges;

    private DockerIgnorePatternToken(DockerIgnorePatternTokenKind kind, int codePoint, int[]? ranges, bool negated)
    {
        Kind = kind;
        CodePoint = codePoint;
        _ranges = ranges;
        Negated = negated;
    }

    public DockerIgnorePatternTokenKind Kind { get; }

    /// <summary>The character of a <see cref="DockerIgnorePatternTokenKind.Literal"/>.</summary>
    public int CodePoint { get; }

    /// <summary>Whether a character class is negated (<c>[^...]</c>).</summary>
    public bool Negated { get; }

    public static DockerIgnorePatternToken Literal(int codePoint) => new(DockerIgnorePatternTokenKind.Literal, codePoint, null, false);

    public static DockerIgnorePatternToken Of(DockerIgnorePatternTokenKind kind) => new(kind, 0, null, false);

    /// <param name="ranges">Pairs of inclusive bounds: low0, high0, low1, high1, ...</param>
    public static DockerIgnorePatternToken CharacterClass(int[] ranges, bool negated) =>
        new(DockerIgnorePatternTokenKind.CharacterClass, 0, ranges, negated);

    public bool ClassContains(int codePoint)
    {
        bool inRanges = false;
        int[] ranges = _ranges!;
        for (int i = 0; i < ranges.Length; i += 2)
        {
            if (ranges[i] <= codePoint && codePoint <= ranges[i + 1])
            {
                inRanges = true;
                break;
            }
        }

        // Docker turns the class into a Go regular expression, where "[^a]" also matches "/":
        // so a negated class can cross a directory boundary. Kept for fidelity.
        return inRanges != Negated;
    }
}
