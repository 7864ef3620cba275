using ContainerStages.Naming;

namespace ContainerStages.Tests.Naming;

[TestClass]
public sealed class ImageReferenceTests
{
    [TestMethod]
    [DataRow("app:1.0", "app", "1.0")]
    [DataRow("team/app:latest", "team/app", "latest")]
    [DataRow("localhost:5000/app:2", "localhost:5000/app", "2")]
    [DataRow("localhost:5000/app", "localhost:5000/app", "latest")]
    public void Split_SeparatesRepositoryAndTag(string reference, string repository, string tag)
    {
        Assert.AreEqual((repository, tag), ImageReference.Split(reference));
    }
}
