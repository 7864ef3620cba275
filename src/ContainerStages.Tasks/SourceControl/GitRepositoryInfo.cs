namespace ContainerStages.SourceControl;

/// <summary>What the image's source labels need from a git working tree.</summary>
/// <param name="WorkingDirectory">The top of the working tree (the folder holding <c>.git</c>).</param>
/// <param name="RemoteUrl">The URL of the remote 'origin' (else of the first remote), as configured; null without remotes.</param>
/// <param name="HeadCommit">The commit HEAD points at; null in a repository without commits.</param>
/// <param name="HeadCommitTime">When HEAD was committed (the committer's time); null when it cannot be read.</param>
internal sealed record GitRepositoryInfo(string WorkingDirectory, string? RemoteUrl, string? HeadCommit, DateTimeOffset? HeadCommitTime = null)
{
    /// <summary>The config file the remote was read from (a worktree's is its main repository's).</summary>
    public string? ConfigFile { get; init; }
}
