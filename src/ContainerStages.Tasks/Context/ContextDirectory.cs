namespace ContainerStages.Context;

/// <summary>A directory of the build context that the walk reads: where it is, and once read, what of it goes in.</summary>
internal sealed class ContextDirectory(string fullPath, string relativePath, bool[]? matches)
{
    public string FullPath { get; } = fullPath;

    /// <summary>"" for the context root.</summary>
    public string RelativePath { get; } = relativePath;

    /// <summary>Which rules match this directory (<see cref="DockerIgnoreRules.MatchDirectory"/>); null for the root.</summary>
    public bool[]? Matches { get; } = matches;

    /// <summary>Its children that go in (or that lead to something that does), in tar order; set once it was read.</summary>
    public List<ContextDirectoryChild>? Children { get; set; }

    /// <summary>Why it could not be read; thrown where the walk reaches it.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Set, under the reader's lock, once <see cref="Children"/> or <see cref="Failure"/> is.</summary>
    public bool IsRead { get; set; }
}
