using ContainerStages.Planning;
using ContainerStages.Stacks.DotNet;

namespace ContainerStages.Tests.Planning;

[TestClass]
public sealed class WritablePathResolverTests
{
    [TestMethod]
    public void Resolve_RelativeAndAbsolutePaths_GivesSortedAbsoluteFolders()
    {
        var paths = WritablePathResolver.Resolve(["data/", "./logs", "/var/cache//app/", "data", "..\\tmp\\x", "  "], "/app");

        CollectionAssert.AreEqual(new[] { "/app/data", "/app/logs", "/tmp/x", "/var/cache/app" }, paths.ToArray());
    }

    [TestMethod]
    [DataRow("/")]
    [DataRow("..")]
    [DataRow("../../..")]
    [DataRow("data\nlogs")]
    public void Resolve_RootOrOutsideOrMultiline_ThrowsInvalidWritablePath(string path)
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => WritablePathResolver.Resolve([path], "/app"));

        Assert.AreEqual("InvalidWritablePath", error.ResourceName);
    }
}
