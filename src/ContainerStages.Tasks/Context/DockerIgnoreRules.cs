namespace ContainerStages.Context;

/// <summary>
/// The rules of a .dockerignore file, read and matched the way the Docker CLI and BuildKit do
/// (moby/patternmatcher and its ignorefile reader), so a context we send holds what
/// <c>docker build</c> would have sent.
/// </summary>
/// <remarks>
/// <para>Reading: a line is a comment only when <c>#</c> is its very first character; other lines are
/// trimmed, blank ones skipped, a leading <c>!</c> marks an exception, each pattern is cleaned like
/// Go's <c>path.Clean</c> ("./a//b/" is "a/b") and a leading <c>/</c> is dropped.</para>
/// <para>Matching: the last pattern that matches a path decides (an exception re-includes it), and a
/// pattern also matches every path below a directory it matches ("bin" excludes "bin/x.dll").
/// Matching is case-sensitive on every OS, and <c>\</c> always escapes (it is never a separator).</para>
/// </remarks>
public sealed class DockerIgnoreRules
{
    private const char Utf8ByteOrderMark = '\uFEFF';

    private readonly DockerIgnorePattern[] _patterns;

    private DockerIgnoreRules(DockerIgnorePattern[] patterns)
    {
        _patterns = patterns;
        Patterns = Array.AsReadOnly(patterns.Select(p => p.ToString()).ToArray());
        HasExceptions = patterns.Any(p => p.IsException);
    }

    /// <summary>No rules: nothing is excluded.</summary>
    public static DockerIgnoreRules Empty { get; } = new([]);

    /// <summary>The cleaned patterns in file order, exceptions with their leading "!", as Docker lists them.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>Whether any pattern is an exception (<c>!</c>).</summary>
    public bool HasExceptions { get; }

    /// <summary>Reads .dockerignore text.</summary>
    /// <exception cref="DockerIgnoreSyntaxException">A line holds a pattern Docker rejects.</exception>
    public static DockerIgnoreRules Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var patterns = new List<DockerIgnorePattern>();
        string[] lines = text.Split('\n');
        for (int index = 0; index < lines.Length; index++)
        {
            string line = lines[index];
            if (line.EndsWith('\r'))
            {
                line = line[..^1];
            }

            if (index == 0 && line.Length > 0 && line[0] == Utf8ByteOrderMark)
            {
                line = line[1..];
            }

            // Docker tests for '#' before trimming: "  # x" is a pattern, not a comment.
            if (line.StartsWith('#'))
            {
                continue;
            }

            string pattern = line.Trim();
            if (pattern.Length == 0)
            {
                continue;
            }

            patterns.Add(CompileLine(pattern, index + 1));
        }

        return new DockerIgnoreRules(patterns.ToArray());
    }

    /// <summary>
    /// These rules, plus one that always keeps <paramref name="relativePath"/> (and the directories
    /// above it) in the context, whatever the patterns say.
    /// </summary>
    /// <remarks>
    /// The Docker CLI does the same for the Dockerfile and the .dockerignore file: it appends
    /// "!Dockerfile" and "!.dockerignore" to the patterns, because the builder reads them from the
    /// context. The path is taken literally, so "[" or "*" in a file name need no escaping.
    /// </remarks>
    public DockerIgnoreRules WithAlwaysIncluded(string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        string cleaned = DockerIgnorePathCleaner.Clean(relativePath);
        if (cleaned == "." || cleaned.StartsWith('/') || cleaned == ".." || cleaned.StartsWith("../", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{relativePath}' is not a path inside the build context.", nameof(relativePath));
        }

        return new DockerIgnoreRules([.. _patterns, DockerIgnorePattern.LiteralException(cleaned)]);
    }

    /// <summary>
    /// Whether the path is left out of the context: the last pattern matching it, or matching a
    /// directory above it, is not an exception.
    /// </summary>
    /// <param name="relativePath">A path relative to the context root, with "/" separators.</param>
    public bool IsExcluded(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        string path = DockerIgnorePathCleaner.Clean(relativePath);
        if (path == ".")
        {
            // Docker never excludes the context root itself.
            return false;
        }

        return IsExcluded(path, MatchAncestors(path));
    }

    /// <summary>
    /// Whether anything below the directory could be in the context. False only when every path
    /// below it is certainly excluded, so a walker may skip reading it.
    /// </summary>
    /// <remarks>
    /// Docker's own walkers answer this more crudely (the CLI only looks for exceptions that start with
    /// the directory's path, so "bin" then "!**/keep.txt" never re-includes bin/keep.txt there); this
    /// answer is exact for the matching rules, so skipping never changes what is sent.
    /// </remarks>
    /// <param name="relativeDirectoryPath">A directory relative to the context root, with "/" separators.</param>
    public bool MayContainIncludedFiles(string relativeDirectoryPath)
    {
        ArgumentNullException.ThrowIfNull(relativeDirectoryPath);
        string path = DockerIgnorePathCleaner.Clean(relativeDirectoryPath);
        if (path == ".")
        {
            return true;
        }

        return MayContainIncludedFiles(path, MatchDirectory(path, MatchAncestors(path)));
    }

    /// <summary>
    /// For a directory being walked: which patterns match it, directly or through a directory above
    /// it. Its children start from this instead of re-testing every ancestor.
    /// </summary>
    /// <param name="parentMatches">The parent directory's answer; null for a child of the root.</param>
    internal bool[] MatchDirectory(string path, bool[]? parentMatches)
    {
        var matches = new bool[_patterns.Length];
        for (int i = 0; i < _patterns.Length; i++)
        {
            matches[i] = (parentMatches is not null && parentMatches[i]) || _patterns[i].Matches(path);
        }

        return matches;
    }

    /// <summary>Whether a directory with these <see cref="MatchDirectory"/> results is excluded.</summary>
    internal bool IsExcludedBy(bool[] matches)
    {
        for (int i = _patterns.Length - 1; i >= 0; i--)
        {
            if (matches[i])
            {
                return !_patterns[i].IsException;
            }
        }

        return false;
    }

    /// <summary>The last pattern matching a directory with these <see cref="MatchDirectory"/> results, or -1.</summary>
    internal static int DecisiveIndex(bool[]? matches) => matches is null ? -1 : Array.LastIndexOf(matches, true);

    /// <summary>
    /// Whether a path is excluded, given its parent directory's <see cref="MatchDirectory"/> results and
    /// their <see cref="DecisiveIndex"/>: only later patterns of the other kind can change the parent's
    /// answer, so in an excluded folder only the exceptions are tested (and exclusions only after one matched).
    /// </summary>
    internal bool IsExcluded(string path, int parentDecisive)
    {
        bool parentExcluded = parentDecisive >= 0 && !_patterns[parentDecisive].IsException;
        int flip = -1;
        for (int i = _patterns.Length - 1; i > parentDecisive; i--)
        {
            if (_patterns[i].IsException == parentExcluded && _patterns[i].Matches(path))
            {
                flip = i;
                break;
            }
        }

        if (flip < 0)
        {
            return parentExcluded;
        }

        // A later pattern of the parent's kind wins over the one that flipped the answer.
        for (int i = _patterns.Length - 1; i > flip; i--)
        {
            if (_patterns[i].IsException != parentExcluded && _patterns[i].Matches(path))
            {
                return parentExcluded;
            }
        }

        return !parentExcluded;
    }

    /// <summary>Whether a path is excluded, given its parent directory's <see cref="MatchDirectory"/> results.</summary>
    internal bool IsExcluded(string path, bool[]? parentMatches)
    {
        // The last matching pattern decides, so search from the end and stop at the first match.
        for (int i = _patterns.Length - 1; i >= 0; i--)
        {
            if ((parentMatches is not null && parentMatches[i]) || _patterns[i].Matches(path))
            {
                return !_patterns[i].IsException;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether anything below a directory can be included, given its own <see cref="MatchDirectory"/> results.
    /// </summary>
    internal bool MayContainIncludedFiles(string path, bool[] matches)
    {
        int decisive = Array.LastIndexOf(matches, true);
        if (decisive < 0 || _patterns[decisive].IsException)
        {
            return true;
        }

        // Every pattern matching the directory also matches all below it, so below it the decisive
        // exclusion holds unless a later exception matches some deeper path. Earlier exceptions lose to it.
        for (int i = decisive + 1; i < _patterns.Length; i++)
        {
            if (_patterns[i].IsException && _patterns[i].CanMatchBelow(path))
            {
                return true;
            }
        }

        return false;
    }

    private bool[]? MatchAncestors(string path)
    {
        bool[]? matches = null;
        for (int slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            matches = MatchDirectory(path[..slash], matches);
        }

        return matches;
    }

    private static DockerIgnorePattern CompileLine(string trimmedLine, int lineNumber)
    {
        // First the ignore-file reader: "!" then the cleaned pattern, made relative to the context.
        string pattern = trimmedLine;
        bool exception = pattern[0] == '!';
        if (exception)
        {
            pattern = pattern[1..].Trim();
        }

        if (pattern.Length > 0)
        {
            pattern = DockerIgnorePathCleaner.Clean(pattern);
            if (pattern.Length > 1 && pattern[0] == '/')
            {
                pattern = pattern[1..];
            }
        }

        // Then the matcher cleans the whole line again, "!" included: so "!/" ends up as a lone "!".
        pattern = DockerIgnorePathCleaner.Clean(exception ? "!" + pattern : pattern);
        if (pattern[0] == '!')
        {
            if (pattern.Length == 1)
            {
                throw new DockerIgnoreSyntaxException(lineNumber, trimmedLine, "'!' must be followed by the pattern it makes an exception for");
            }

            return DockerIgnorePattern.Compile(pattern[1..], isException: true, lineNumber, trimmedLine);
        }

        return DockerIgnorePattern.Compile(pattern, isException: false, lineNumber, trimmedLine);
    }
}
