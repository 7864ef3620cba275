using ContainerStages.Stacks.DotNet;

namespace ContainerStages.Tests.Stacks.DotNet;

/// <summary>
/// Failed tests and their assertion messages from real <c>dotnet test</c> output (TestData/DotnetTest,
/// recorded with the .NET 10.0.401 SDK, output redirected as in a build step): VSTest with MSTest,
/// xUnit v2 and NUnit; Microsoft.Testing.Platform with xUnit v3, the MSTest runner and the NUnit runner.
/// </summary>
[TestClass]
public sealed class DotnetTestFailuresTests
{
    private static IReadOnlyList<FailedTest> FindIn(string recording) =>
        DotnetTestFailures.Find(File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "DotnetTest", recording + ".txt")));

    [TestMethod]
    public void Find_MSTestOnVSTest_NamesTheTestWithItsMessageAndNoStackTrace()
    {
        var failed = FindIn("MsTestVs").Single();

        Assert.AreEqual("Price_is_right", failed.Name);
        CollectionAssert.AreEqual(
            new[] { "Assertion failed. Expected values to be equal.", "the price moved", "expected: 41", "actual:   42", "Assert.AreEqual(41, 42)" },
            failed.Message.ToArray());
    }

    [TestMethod]
    public void Find_XunitV2OnVSTest_NamesEveryFailedTestInOrder()
    {
        var failed = FindIn("XunitTwo");

        CollectionAssert.AreEqual(new[] { "Shop.Tests.PriceTests.Name_is_right", "Shop.Tests.PriceTests.Price_is_right" }, failed.Select(f => f.Name).ToArray());
        CollectionAssert.AreEqual(new[] { "the name moved" }, failed[0].Message.ToArray());
        CollectionAssert.AreEqual(new[] { "Assert.Equal() Failure: Values differ", "Expected: 41", "Actual:   42" }, failed[1].Message.ToArray());
    }

    [TestMethod]
    public void Find_NUnitOnVSTest_KeepsTheUsersMessage()
    {
        var failed = FindIn("NUnitVs").Single();

        Assert.AreEqual("Price_is_right", failed.Name);
        CollectionAssert.AreEqual(new[] { "the price moved", "Assert.That(42, Is.EqualTo(41))", "Expected: 41", "But was:  42" }, failed.Message.ToArray());
    }

    [TestMethod]
    public void Find_XunitV3OnTestingPlatform_NamesTheTestWithItsMessage()
    {
        var failed = FindIn("XunitThree").Single();

        Assert.AreEqual("Shop.Tests.PriceTests.Price_is_right", failed.Name);
        CollectionAssert.AreEqual(new[] { "Assert.Equal() Failure: Values differ", "Expected: 41", "Actual:   42" }, failed.Message.ToArray());
    }

    [TestMethod]
    public void Find_MSTestRunnerOnTestingPlatform_LeavesOutTheAssemblyLine()
    {
        var failed = FindIn("MsTestMtp").Single();

        Assert.AreEqual("Price_is_right", failed.Name);
        Assert.AreEqual("Assertion failed. Expected values to be equal.", failed.Message[0]);
        CollectionAssert.Contains(failed.Message.ToArray(), "the price moved");
        Assert.IsFalse(failed.Message.Any(l => l.StartsWith("from ", StringComparison.Ordinal) || l.StartsWith("at ", StringComparison.Ordinal)), string.Join("\n", failed.Message));
    }

    [TestMethod]
    public void Find_NUnitRunnerOnTestingPlatform_NamesTheTestWithItsMessage()
    {
        var failed = FindIn("NUnitMtp").Single();

        Assert.AreEqual("Price_is_right", failed.Name);
        CollectionAssert.AreEqual(new[] { "the price moved", "Assert.That(42, Is.EqualTo(41))", "Expected: 41", "But was:  42" }, failed.Message.ToArray());
    }

    [TestMethod]
    public void Find_ColouredOutputWithBuildKitPrefixes_GivesPlainText()
    {
        string[] lines =
        [
            "#14 9.812 \u001b[31;1mfailed\u001b[m Shop.Tests.PriceTests.Price_is_right \u001b[90m(37ms)\u001b[m",
            "#14 9.812   \u001b[90mfrom /src/tests/Shop.Tests.dll (net10.0|x64)\u001b[m",
            "#14 9.813   \u001b[31mAssert.Equal() Failure: Values differ\u001b[m",
            "#14 9.813     \u001b[90mat Shop.Tests.PriceTests.Price_is_right() in /src/tests/Tests.cs:1\u001b[m",
        ];

        var failed = DotnetTestFailures.Find(lines).Single();

        Assert.AreEqual("Shop.Tests.PriceTests.Price_is_right", failed.Name);
        CollectionAssert.AreEqual(new[] { "Assert.Equal() Failure: Values differ" }, failed.Message.ToArray());
    }

    [TestMethod]
    public void Find_LongMessage_IsCutWithAnEllipsis()
    {
        var lines = new List<string> { "  Failed Big [1 ms]", "  Error Message:" };
        lines.AddRange(Enumerable.Range(1, 30).Select(i => $"   line {i}"));
        lines.Add("  Stack Trace:");

        var failed = DotnetTestFailures.Find(lines).Single();

        Assert.HasCount(8, failed.Message);
        Assert.AreEqual("...", failed.Message[^1]);
    }

    [TestMethod]
    public void Clean_EscapesAndPrefix_AreRemovedAndTextKept()
    {
        Assert.AreEqual("  Expected: 41", TerminalText.Clean("#7 1.5   \u001b[32mExpected: 41\u001b[0m"));
        Assert.AreEqual("plain", TerminalText.Clean("plain"));
        Assert.AreEqual("title", TerminalText.Clean("\u001b]0;x\u0007title"));
    }
}
