using System.Diagnostics;
using ContainerStages.SourceControl;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.SourceControl;

/// <summary>The last commit's time, from a loose object and from a packed one, in repositories git itself wrote.</summary>
[TestClass]
public sealed class GitCommitTimeReaderTests
{
    private const long CommitSeconds = 1764000123;

    [TestMethod]
    public void ParseCommitterTime_TakesTheCommitterNotTheAuthor()
    {
        string text = "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n"
            + "author A U Thor <a@example.com> 1000000000 +0200\n"
            + "committer C O Mitter <c@example.com> 1764000123 -0500\n"
            + "\ncommitter 5 in the message is not a header\n";

        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(CommitSeconds), GitCommitTimeReader.ParseCommitterTime(text));
    }

    [TestMethod]
    public void ParseCommitterTime_NoCommitterLine_IsNull()
    {
        Assert.IsNull(GitCommitTimeReader.ParseCommitterTime("tree abc\n\ncommitter x <y> 1 +0000\n"));
    }

    [TestMethod]
    public void Read_NewCommit_IsReadFromItsLooseObject()
    {
        using var tree = CommittedRepository();

        var info = GitRepositoryReader.Read(tree.Root);

        Assert.IsNotNull(info);
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(CommitSeconds), info.HeadCommitTime);
    }

    [TestMethod]
    public void Read_PackedCommit_IsTheSameTime()
    {
        using var tree = CommittedRepository();
        Git(tree.Root, "gc", "--quiet", "--prune=now");
        Assert.IsFalse(Directory.EnumerateFiles(Path.Combine(tree.Root, ".git", "objects")).Any(f => Path.GetFileName(Path.GetDirectoryName(f)!).Length == 2), "The objects should be packed now.");

        var info = GitRepositoryReader.Read(tree.Root);

        Assert.IsNotNull(info);
        Assert.AreEqual(DateTimeOffset.FromUnixTimeSeconds(CommitSeconds), info.HeadCommitTime);
    }

    private static TempTree CommittedRepository()
    {
        var tree = new TempTree();
        tree.WriteFile("App/Program.cs", "System.Console.WriteLine();\n");
        Git(tree.Root, "init", "--quiet");
        Git(tree.Root, "add", "-A");
        Git(tree.Root, "-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "--quiet", "-m", "first");
        return tree;
    }

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Fixed dates make the commit's time known; the author's differs to show the committer's is read.
        start.Environment["GIT_AUTHOR_DATE"] = "@1000000000 +0000";
        start.Environment["GIT_COMMITTER_DATE"] = $"@{CommitSeconds} +0100";
        using var git = Process.Start(start)!;
        string error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.AreEqual(0, git.ExitCode, $"git {string.Join(' ', arguments)}: {error}");
    }
}
