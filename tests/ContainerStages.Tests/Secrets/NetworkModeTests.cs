using ContainerStages.Inputs;
using ContainerStages.Secrets;

namespace ContainerStages.Tests.Secrets;

[TestClass]
public sealed class NetworkModeTests
{
    [TestMethod]
    [DataRow(null, null)]
    [DataRow("", null)]
    [DataRow("default", null)]
    [DataRow("host", "host")]
    [DataRow(" Host ", "host")]
    [DataRow("none", "none")]
    public void Parse_GivesTheEnginesNetworkMode(string? value, string? expected) => Assert.AreEqual(expected, NetworkMode.Parse(value));

    [TestMethod]
    [DataRow("bridge")]
    [DataRow("container:db")]
    public void Parse_AModeBuildKitDoesNotTake_IsCSTG0103(string value)
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => NetworkMode.Parse(value));

        Assert.AreEqual("NetworkInvalid", error.ResourceName);
    }
}
