using ContainerStages.Stacks.Node;

namespace ContainerStages.Tests.Stacks.Node;

[TestClass]
public sealed class NodeImageSelectorTests
{
    [TestMethod]
    [DataRow("20", 20)]
    [DataRow("^20.11.0", 20)]
    [DataRow("~18.19", 18)]
    [DataRow("20.x", 20)]
    [DataRow(">=18", 24)]
    [DataRow(">=18 <23", 22)]
    [DataRow(">=18.0.0 <21.0.0", 20)]
    [DataRow("18 || 20", 20)]
    [DataRow("^21.0.0", 21)]
    [DataRow(">20", 24)]
    [DataRow("18 - 20", 20)]
    [DataRow("*", 24)]
    public void MajorFromRange_PicksTheNewestLtsItAllows(string range, int expected) =>
        Assert.AreEqual(expected, NodeImageSelector.MajorFromRange(range));

    [TestMethod]
    [DataRow("20\n", 20)]
    [DataRow("v22.3.0", 22)]
    [DataRow("lts/iron", 20)]
    [DataRow("lts/*", NodeImageSelector.CurrentLts)]
    [DataRow("node", NodeImageSelector.CurrentLts)]
    [DataRow("# comment\n18", 18)]
    public void MajorFromNvmrc_ReadsEveryForm(string nvmrc, int expected) =>
        Assert.AreEqual(expected, NodeImageSelector.MajorFromNvmrc(nvmrc));

    [TestMethod]
    public void Major_EnginesBeatsNvmrc_AndNothingGivesCurrentLts()
    {
        Assert.AreEqual(20, NodeImageSelector.Major("^20.0.0", "22"));
        Assert.AreEqual(22, NodeImageSelector.Major(null, "22"));
        Assert.AreEqual(NodeImageSelector.CurrentLts, NodeImageSelector.Major(null, null));
    }

    [TestMethod]
    public void Images_AreTheOfficialDebianAndSlimAndDistrolessOnes()
    {
        Assert.AreEqual("node:20-bookworm", NodeImageSelector.BuildImage(20));
        Assert.AreEqual("node:20-bookworm-slim", NodeImageSelector.RuntimeImage(20, distroless: false));
        Assert.AreEqual("gcr.io/distroless/nodejs20-debian12", NodeImageSelector.RuntimeImage(20, distroless: true));
    }
}
