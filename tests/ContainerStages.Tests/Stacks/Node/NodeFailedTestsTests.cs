using ContainerStages.Stacks.DotNet;

namespace ContainerStages.Tests.Stacks.Node;

[TestClass]
public sealed class NodeFailedTestsTests
{
    [TestMethod]
    public void Find_NodeTestRunnerTapOutput_NamesTheFailedTests()
    {
        string[] lines =
        [
            "#12 1.402 TAP version 13",
            "#12 1.405 # Subtest: adds numbers",
            "#12 1.406 not ok 1 - adds numbers",
            "#12 1.406   ---",
            "#12 1.407 ok 2 - greets",
            "#12 1.409 # fail 1",
        ];

        CollectionAssert.AreEqual(new[] { "adds numbers" }, FailedTests.Find(lines).ToArray());
    }
}
