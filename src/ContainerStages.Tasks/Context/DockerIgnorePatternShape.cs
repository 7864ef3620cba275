namespace ContainerStages.Context;

/// <summary>
/// Common pattern shapes matched by plain string comparison instead of the automaton; most real
/// .dockerignore lines ("bin", "**/obj", "docs/**") are one of these.
/// </summary>
internal enum DockerIgnorePatternShape
{
    /// <summary>Anything else: run the automaton.</summary>
    General,

    /// <summary>Only literal characters: the path equals them.</summary>
    Exact,

    /// <summary>Literals then a final <c>**</c>: the path starts with them.</summary>
    Prefix,

    /// <summary>A leading <c>**</c> then literals (Docker's suffix match): the path ends with them.</summary>
    Suffix,

    /// <summary><c>**/</c> then literals: the path is them, or ends with "/" and them.</summary>
    DirectorySuffix,

    /// <summary><c>**/</c>, literals without "/", then <c>*</c> ("**/.env.*"): the last path segment starts with them.</summary>
    LastSegmentPrefix,
}
