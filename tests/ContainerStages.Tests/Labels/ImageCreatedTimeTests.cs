using ContainerStages.Labels;
using ContainerStages.SourceControl;

namespace ContainerStages.Tests.Labels;

[TestClass]
public sealed class ImageCreatedTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 7, 8, 9, 654, TimeSpan.Zero);
    private static readonly DateTimeOffset Committed = DateTimeOffset.FromUnixTimeSeconds(1764000000);
    private static readonly GitRepositoryInfo Git = new("/repo", null, "0123456789abcdef0123456789abcdef01234567", Committed);

    [TestMethod]
    public void Resolve_Nothing_Set_TakesTheLastCommitsTime()
    {
        var created = ImageCreatedTime.Resolve(null, null, Git, Now);

        Assert.AreEqual(Committed, created.Time);
        Assert.AreEqual(ImageCreatedTimeSource.LastCommit, created.Source);
    }

    [TestMethod]
    public void Resolve_SourceDateEpoch_WinsOverTheCommit()
    {
        var created = ImageCreatedTime.Resolve("", " 1700000000 ", Git, Now);

        Assert.AreEqual(1700000000, created.UnixSeconds);
        Assert.AreEqual(ImageCreatedTimeSource.SourceDateEpoch, created.Source);
        Assert.AreEqual("2023-11-14T22:13:20Z", created.Rfc3339);
    }

    [TestMethod]
    public void Resolve_NoEpochAndNoCommit_IsTheSameFixedTimeOnEveryBuild()
    {
        var first = ImageCreatedTime.Resolve(null, null, Git with { HeadCommitTime = null }, Now);
        var second = ImageCreatedTime.Resolve(null, null, null, Now.AddHours(5));

        Assert.AreEqual(first, second);
        Assert.AreEqual(0, first.UnixSeconds);
        Assert.AreEqual(ImageCreatedTimeSource.Fixed, first.Source);
    }

    [TestMethod]
    public void Resolve_Now_TakesTheBuildsTimeInWholeSeconds()
    {
        var created = ImageCreatedTime.Resolve("NOW", "1700000000", Git, Now);

        Assert.AreEqual(Now.ToUnixTimeSeconds(), created.UnixSeconds);
        Assert.AreEqual(0, created.Time.Millisecond);
        Assert.AreEqual(ImageCreatedTimeSource.BuildTime, created.Source);
    }

    [TestMethod]
    public void Resolve_GivenDateAndTime_IsTakenAsUtcWhenItHasNoOffset()
    {
        Assert.AreEqual("2026-01-31T12:00:00Z", ImageCreatedTime.Resolve("2026-01-31T12:00:00", null, Git, Now).Rfc3339);
        Assert.AreEqual("2026-01-31T11:00:00Z", ImageCreatedTime.Resolve("2026-01-31T12:00:00+01:00", null, Git, Now).Rfc3339);
    }

    [TestMethod]
    public void Resolve_BadSetting_IsCodedError()
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => ImageCreatedTime.Resolve("yesterday", null, Git, Now));

        Assert.AreEqual("InvalidImageCreated", error.ResourceName);
    }

    [TestMethod]
    public void Resolve_BadSourceDateEpoch_IsCodedError()
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => ImageCreatedTime.Resolve(null, "-5", Git, Now));

        Assert.AreEqual("InvalidSourceDateEpoch", error.ResourceName);
    }
}
