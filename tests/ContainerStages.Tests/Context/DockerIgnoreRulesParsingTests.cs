using ContainerStages.Context;

namespace ContainerStages.Tests.Context;

/// <summary>How .dockerignore text becomes patterns, and which lines Docker rejects.</summary>
[TestClass]
public sealed class DockerIgnoreRulesParsingTests
{
    [TestMethod]
    public void Parse_CommentsAndBlankLines_AreSkipped()
    {
        var rules = DockerIgnoreRules.Parse("# comment\n\n   \nbin\n#obj\n\t\nobj\n");

        CollectionAssert.AreEqual(new[] { "bin", "obj" }, rules.Patterns.ToArray());
    }

    [TestMethod]
    public void Parse_HashAfterWhitespace_IsAPatternNotAComment()
    {
        // Docker looks for '#' before trimming the line.
        var rules = DockerIgnoreRules.Parse("  # not a comment");

        CollectionAssert.AreEqual(new[] { "# not a comment" }, rules.Patterns.ToArray());
        Assert.IsTrue(rules.IsExcluded("# not a comment"));
    }

    [TestMethod]
    public void Parse_ByteOrderMarkOnFirstLine_IsIgnored()
    {
        var rules = DockerIgnoreRules.Parse("\uFEFF# comment\n\uFEFFbin");

        // Only the first line loses it, as in Docker: the second keeps it as part of its pattern.
        CollectionAssert.AreEqual(new[] { "\uFEFFbin" }, rules.Patterns.ToArray());
        Assert.IsTrue(DockerIgnoreRules.Parse("\uFEFFbin").IsExcluded("bin"));
    }

    [TestMethod]
    public void Parse_WindowsLineEndings_AreHandled()
    {
        var rules = DockerIgnoreRules.Parse("bin\r\n!bin/keep\r\n# c\r\nobj");

        CollectionAssert.AreEqual(new[] { "bin", "!bin/keep", "obj" }, rules.Patterns.ToArray());
    }

    [TestMethod]
    [DataRow("  bin  ", "bin")]
    [DataRow("\tbin\t", "bin")]
    [DataRow("/bin", "bin")]
    [DataRow("/a/file/here", "a/file/here")]
    [DataRow("./bin", "bin")]
    [DataRow("bin/", "bin")]
    [DataRow("a//b///c", "a/b/c")]
    [DataRow("a/./b/../c", "a/c")]
    [DataRow("../outside", "../outside")]
    [DataRow("/..", "/")]
    [DataRow("**/", "**")]
    [DataRow("!bin", "!bin")]
    [DataRow("! bin ", "!bin")]
    [DataRow("! /inverted/abs/path", "!inverted/abs/path")]
    [DataRow("!./a//b/", "!a/b")]
    [DataRow("!!bang", "!!bang")]
    public void Parse_Pattern_IsTrimmedAndCleanedLikeDocker(string line, string expected)
    {
        var rules = DockerIgnoreRules.Parse(line);

        CollectionAssert.AreEqual(new[] { expected }, rules.Patterns.ToArray());
    }

    [TestMethod]
    public void Parse_ExceptionPattern_SetsHasExceptions()
    {
        Assert.IsTrue(DockerIgnoreRules.Parse("docs\n  !docs/README.md").HasExceptions);
        Assert.IsFalse(DockerIgnoreRules.Parse("docs\nbin").HasExceptions);
    }

    [TestMethod]
    public void Parse_DoubleBang_IsAnExceptionForANameStartingWithBang()
    {
        var rules = DockerIgnoreRules.Parse("*\n!!important");

        Assert.IsFalse(rules.IsExcluded("!important"));
        Assert.IsTrue(rules.IsExcluded("important"));
    }

    [TestMethod]
    [DataRow("[", "not closed")]
    [DataRow("[^", "not closed")]
    [DataRow("[^bc", "not closed")]
    [DataRow("a[", "not closed")]
    [DataRow("a[b", "not closed")]
    [DataRow("[a-", "not closed")]
    [DataRow("[\\", "not closed")]
    [DataRow("a\\", "trailing")]
    [DataRow("[]a]", "unescaped ']'")]
    [DataRow("[-]", "unescaped '-'")]
    [DataRow("[x-]", "unescaped ']'")]
    [DataRow("[-x]", "unescaped '-'")]
    [DataRow("[a-b-c]", "unescaped '-'")]
    [DataRow("[z-a]", "reversed")]
    [DataRow("!", "'!'")]
    [DataRow("! ", "'!'")]
    [DataRow("!/", "'!'")]
    [DataRow("!a[", "not closed")]
    public void Parse_MalformedPattern_ThrowsWithReason(string line, string reasonFragment)
    {
        var error = Assert.ThrowsExactly<DockerIgnoreSyntaxException>(() => DockerIgnoreRules.Parse(line));

        Assert.AreEqual(1, error.LineNumber);
        Assert.AreEqual(line.Trim(), error.Pattern);
        StringAssert.Contains(error.Reason, reasonFragment);
        StringAssert.Contains(error.Message, error.Pattern);
    }

    [TestMethod]
    public void Parse_MalformedPatternAfterOtherLines_ReportsItsLineNumber()
    {
        const string text = "# build output\r\n**/bin/\n\n  src/[ab  \nobj";

        var error = Assert.ThrowsExactly<DockerIgnoreSyntaxException>(() => DockerIgnoreRules.Parse(text));

        Assert.AreEqual(4, error.LineNumber);
        Assert.AreEqual("src/[ab", error.Pattern);
        StringAssert.StartsWith(error.Message, ".dockerignore line 4: invalid pattern 'src/[ab'");
    }

    [TestMethod]
    [DataRow("a\\[b")]
    [DataRow("[\\]a]")]
    [DataRow("[\\-x]")]
    [DataRow("[!a]")]
    [DataRow("[a-a]")]
    [DataRow("*]")]
    [DataRow("!.")]
    public void Parse_UnusualButValidPattern_IsAccepted(string line)
    {
        var rules = DockerIgnoreRules.Parse(line);

        Assert.HasCount(1, rules.Patterns);
    }

    [TestMethod]
    public void Parse_Null_Throws()
    {
        Assert.ThrowsExactly<ArgumentNullException>(() => DockerIgnoreRules.Parse(null!));
    }
}
