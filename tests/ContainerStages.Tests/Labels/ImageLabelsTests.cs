using ContainerStages.Labels;
using ContainerStages.SourceControl;

namespace ContainerStages.Tests.Labels;

[TestClass]
public sealed class ImageLabelsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 4, 5, 6, 789, TimeSpan.Zero);
    private static readonly GitRepositoryInfo Git = new("/repo", "git@github.com:contoso/app.git", "0123456789abcdef0123456789abcdef01234567");

    [TestMethod]
    public void BuildArguments_GitRepository_GivesNormalizedSourceHeadCommitAndTheGivenTime()
    {
        var created = ImageCreatedTime.Resolve(null, null, Git with { HeadCommitTime = DateTimeOffset.FromUnixTimeSeconds(1700000000) }, Now);

        var arguments = ImageLabels.BuildArguments(Git, repositoryUrl: null, sourceRevisionId: null, created);

        Assert.AreEqual("2023-11-14T22:13:20Z", arguments[ImageLabels.CreatedArgument]);
        Assert.AreEqual("https://github.com/contoso/app", arguments[ImageLabels.SourceArgument]);
        Assert.AreEqual(Git.HeadCommit, arguments[ImageLabels.RevisionArgument]);
    }

    [TestMethod]
    public void BuildArguments_SourceLinkValues_WinOverTheGitFolder()
    {
        var arguments = ImageLabels.BuildArguments(Git, "https://example.com/fork.git", "abc123", ImageCreatedTime.Resolve(null, null, null, Now));

        Assert.AreEqual("https://example.com/fork", arguments[ImageLabels.SourceArgument]);
        Assert.AreEqual("abc123", arguments[ImageLabels.RevisionArgument]);
    }

    [TestMethod]
    public void BuildArguments_OutsideSourceControl_OnlyTheCreationTime()
    {
        var arguments = ImageLabels.BuildArguments(null, null, null, ImageCreatedTime.Resolve(null, "1700000000", null, Now));

        Assert.AreEqual("2023-11-14T22:13:20Z", arguments[ImageLabels.CreatedArgument]);
        Assert.IsFalse(arguments.ContainsKey(ImageLabels.SourceArgument));
        Assert.IsFalse(arguments.ContainsKey(ImageLabels.RevisionArgument));
    }

    [TestMethod]
    public void ProjectLabels_EmptyValuesLeftOutAndLinesJoined()
    {
        var labels = ImageLabels.ProjectLabels("1.0.0", " ", "first\r\n  second\n");

        CollectionAssert.AreEqual(
            new[] { KeyValuePair.Create(ImageLabels.Version, "1.0.0"), KeyValuePair.Create(ImageLabels.Description, "first second") },
            labels.ToArray());
    }

    [TestMethod]
    public void BuildTimeLabels_OutsideSourceControl_OnlyCreated()
    {
        Assert.HasCount(1, ImageLabels.BuildTimeLabels(underSourceControl: false, hasSourceUrl: false));
        Assert.HasCount(3, ImageLabels.BuildTimeLabels(underSourceControl: true, hasSourceUrl: true));
    }

    [TestMethod]
    public void BuildTimeLabels_RepositoryWithoutUrl_HasRevisionButNoEmptySource()
    {
        // A clone whose origin is a local path (or that has no remote) has a commit but no URL to show.
        CollectionAssert.AreEqual(
            new[] { ImageLabels.Created, ImageLabels.Revision },
            ImageLabels.BuildTimeLabels(underSourceControl: true, hasSourceUrl: false).Select(l => l.Label).ToArray());
    }

    [TestMethod]
    public void BuildTimeLabels_CreatedTurnedOff_LeavesSourceAndRevision()
    {
        var labels = ImageLabels.BuildTimeLabels(underSourceControl: true, hasSourceUrl: true, created: false);

        CollectionAssert.AreEqual(new[] { ImageLabels.Source, ImageLabels.Revision }, labels.Select(l => l.Label).ToArray());
    }
}
