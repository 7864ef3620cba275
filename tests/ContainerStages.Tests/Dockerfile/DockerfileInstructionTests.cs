using ContainerStages.Dockerfile;

namespace ContainerStages.Tests.Dockerfile;

[TestClass]
public sealed class DockerfileInstructionTests
{
    [TestMethod]
    public void Parse_File_GivesKeywordsUpperCasedWithTheirStartLines()
    {
        const string text = "# header\n\nfrom alpine AS a\n  run echo a \\\n    && echo b\nENTRYPOINT [\"sh\"]";

        var instructions = DockerfileInstruction.Parse(text);

        CollectionAssert.AreEqual(
            new[]
            {
                new DockerfileInstruction("FROM", "alpine AS a", 3),
                new DockerfileInstruction("RUN", "echo a     && echo b", 4),
                new DockerfileInstruction("ENTRYPOINT", "[\"sh\"]", 6),
            },
            instructions.ToArray());
    }

    [TestMethod]
    public void Parse_ContinuationAtEndOfFile_KeepsTheInstruction()
    {
        var instructions = DockerfileInstruction.Parse("FROM alpine\nRUN echo a \\");

        Assert.AreEqual(new DockerfileInstruction("RUN", "echo a", 2), instructions[^1]);
    }

    [TestMethod]
    public void Parse_EscapeDirectiveAfterAnInstruction_IsNotADirective()
    {
        // Directives are read only before anything else, so the backslash stays the escape character.
        var instructions = DockerfileInstruction.Parse("FROM alpine\n# escape=`\nRUN echo a `\nRUN echo b\n");

        Assert.HasCount(3, instructions);
    }

    [TestMethod]
    public void Parse_HereDocuments_AreSkippedAsTheirInstructionsContent()
    {
        const string text =
            "FROM alpine\n"                 // 1
            + "RUN <<EOF\n"                 // 2
            + "FROM not-an-instruction\n"   // 3
            + "RUN neither\n"               // 4
            + "EOF\n"                       // 5
            + "COPY <<-\"A\" <<'B' /dest/\n" // 6
            + "\t\tcontent of a\n"          // 7
            + "\tA\n"                       // 8
            + "content of b\n"              // 9
            + "B\n"                         // 10
            + "ENV X=<<NOT_A_HEREDOC\n"     // 11
            + "RUN echo done\n";            // 12

        var instructions = DockerfileInstruction.Parse(text);

        CollectionAssert.AreEqual(
            new[] { ("FROM", 1), ("RUN", 2), ("COPY", 6), ("ENV", 11), ("RUN", 12) },
            instructions.Select(i => (i.Keyword, i.Line)).ToArray());
    }

    [TestMethod]
    public void Parse_ShiftOperatorInsideQuotes_IsNoHereDocument()
    {
        var instructions = DockerfileInstruction.Parse("FROM alpine\nRUN echo 'a <<b'\nRUN echo c\n");

        Assert.HasCount(3, instructions);
    }

    [TestMethod]
    public void Parse_KeywordWithoutArguments_HasEmptyArguments()
    {
        Assert.AreEqual(new DockerfileInstruction("HEALTHCHECK", string.Empty, 1), DockerfileInstruction.Parse("healthcheck")[0]);
    }

    [TestMethod]
    public void WordsWithoutLeadingFlags_FromWithFlags_SkipsOnlyTheLeadingFlags()
    {
        var from = DockerfileInstruction.Parse("FROM --platform=linux/amd64 image --not-a-flag AS x")[0];

        CollectionAssert.AreEqual(new[] { "image", "--not-a-flag", "AS", "x" }, from.WordsWithoutLeadingFlags().ToArray());
    }
}
