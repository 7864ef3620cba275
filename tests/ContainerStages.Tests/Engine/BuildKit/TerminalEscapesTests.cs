using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Tests.Engine.BuildKit;

[TestClass]
public sealed class TerminalEscapesTests
{
    [TestMethod]
    [DataRow("\u001B[32mPASS\u001B[39m", "PASS")]
    [DataRow("Expected: \u001B[32m\"Bonjour\"\u001B[39m, got \u001B[7m\"Hello\"\u001B[27m", "Expected: \"Bonjour\", got \"Hello\"")]
    [DataRow("\u001B[1m\u001B[31m  ● \u001B[22m\u001B[39mgreets", "  ● greets")]
    [DataRow("\u001B[2K\u001B[1Gdone", "done")]
    [DataRow("\u001B]8;;https://example.test\u0007link\u001B]8;;\u0007", "link")]
    [DataRow("\u001B(Bplain\u001B7", "plain")]
    [DataRow("no escapes at all", "no escapes at all")]
    public void Strip_RemovesColourCursorAndLinkSequences(string line, string expected) =>
        Assert.AreEqual(expected, TerminalEscapes.Strip(line));

    [TestMethod]
    public void Assembler_StripsEscapesSplitAcrossChunks()
    {
        var assembler = new LogLineAssembler();
        var lines = new List<string>();
        assembler.Append("\u001B[3"u8.ToArray(), lines);
        assembler.Append("1mred\u001B[39m\n"u8.ToArray(), lines);

        CollectionAssert.AreEqual(new[] { "red" }, lines);
    }
}
