namespace ContainerStages.Context;

/// <summary>
/// A .dockerignore line that Docker itself would reject (for example an unterminated <c>[</c>, or a lone
/// <c>!</c>). Docker fails the whole build on such a line rather than ignoring it, and so do we.
/// </summary>
public sealed class DockerIgnoreSyntaxException : FormatException
{
    public DockerIgnoreSyntaxException(int lineNumber, string pattern, string reason)
        : base($".dockerignore line {lineNumber}: invalid pattern '{pattern}': {reason}.")
    {
        LineNumber = lineNumber;
        Pattern = pattern;
        Reason = reason;
    }

    /// <summary>The 1-based line of the .dockerignore text that holds the pattern.</summary>
    public int LineNumber { get; }

    /// <summary>The pattern as written on that line, without surrounding whitespace.</summary>
    public string Pattern { get; }

    /// <summary>What is wrong with it, as a sentence fragment without a final period.</summary>
    public string Reason { get; }
}
