using ContainerStages.SourceControl;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.SourceControl;

/// <summary>The .git layouts git writes: loose and packed refs, detached HEAD, worktrees and submodule-style .git files.</summary>
[TestClass]
public sealed class GitRepositoryReaderTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Other = "fedcba9876543210fedcba9876543210fedcba98";

    private const string Config = """
        [core]
        	repositoryformatversion = 0
        [remote "upstream"]
        	url = https://github.com/upstream/app.git
        	fetch = +refs/heads/*:refs/remotes/upstream/*
        [remote "origin"]
        	url = git@github.com:contoso/app.git
        [branch "main"]
        	remote = origin
        """;

    [TestMethod]
    public void Read_BranchWithLooseRef_GivesOriginAndTheBranchCommit()
    {
        using var tree = new TempTree();
        tree.WriteFile(".git/HEAD", "ref: refs/heads/main\n");
        tree.WriteFile(".git/refs/heads/main", Commit + "\n");
        tree.WriteFile(".git/config", Config);
        tree.WriteFile("src/App/App.csproj", "<Project />");

        var info = GitRepositoryReader.Read(tree.FullPath("src/App"));

        Assert.IsNotNull(info);
        Assert.AreEqual(Path.TrimEndingDirectorySeparator(tree.FullPath("")), Path.TrimEndingDirectorySeparator(info.WorkingDirectory));
        Assert.AreEqual("git@github.com:contoso/app.git", info.RemoteUrl);
        Assert.AreEqual(Commit, info.HeadCommit);
    }

    [TestMethod]
    public void Read_BranchOnlyInPackedRefs_GivesThePackedCommit()
    {
        using var tree = new TempTree();
        tree.WriteFile(".git/HEAD", "ref: refs/heads/release/1.0\n");
        tree.WriteFile(".git/packed-refs", $"# pack-refs with: peeled fully-peeled sorted\n{Other} refs/heads/main\n{Commit} refs/heads/release/1.0\n^{Other}\n");
        tree.WriteFile(".git/config", "[core]\n");

        var info = GitRepositoryReader.Read(tree.FullPath(""));

        Assert.AreEqual(Commit, info?.HeadCommit);
        Assert.IsNull(info?.RemoteUrl);
    }

    [TestMethod]
    public void Read_DetachedHead_GivesTheCommit()
    {
        using var tree = new TempTree();
        tree.WriteFile(".git/HEAD", Commit.ToUpperInvariant() + "\n");

        Assert.AreEqual(Commit, GitRepositoryReader.Read(tree.FullPath(""))?.HeadCommit);
    }

    [TestMethod]
    public void Read_NewRepositoryWithoutCommits_HasNoHeadCommit()
    {
        using var tree = new TempTree();
        tree.WriteFile(".git/HEAD", "ref: refs/heads/main\n");
        tree.WriteFile(".git/config", "[remote \"mine\"]\n\turl = https://example.com/app\n");

        var info = GitRepositoryReader.Read(tree.FullPath(""));

        Assert.IsNotNull(info);
        Assert.IsNull(info.HeadCommit);
        Assert.AreEqual("https://example.com/app", info.RemoteUrl, "Without an origin, the first remote.");
    }

    [TestMethod]
    public void Read_WorktreeGitFile_ReadsItsHeadAndTheCommonRefsAndConfig()
    {
        using var tree = new TempTree();
        tree.WriteFile("main/.git/config", Config);
        tree.WriteFile("main/.git/refs/heads/feature", Commit + "\n");
        tree.WriteFile("main/.git/worktrees/wt/HEAD", "ref: refs/heads/feature\n");
        tree.WriteFile("main/.git/worktrees/wt/commondir", "../..\n");
        tree.WriteFile("wt/.git", "gitdir: ../main/.git/worktrees/wt\n");

        var info = GitRepositoryReader.Read(tree.FullPath("wt"));

        Assert.AreEqual(Commit, info?.HeadCommit);
        Assert.AreEqual("git@github.com:contoso/app.git", info?.RemoteUrl);
        Assert.AreEqual(Path.GetFullPath(tree.FullPath("main/.git/config")), info?.ConfigFile, "A new remote is written to the main repository's config.");
    }

    [TestMethod]
    public void Read_NoRepositoryAbove_IsNull()
    {
        using var tree = new TempTree();
        tree.WriteFile("App/App.csproj", "<Project />");

        // The temp folder itself may sit inside a repository; only a .git inside the tree counts here.
        var info = GitRepositoryReader.Read(tree.FullPath("App"));

        Assert.IsTrue(info is null || !info.WorkingDirectory.StartsWith(tree.FullPath(""), StringComparison.Ordinal));
    }
}
