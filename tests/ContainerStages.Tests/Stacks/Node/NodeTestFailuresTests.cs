using ContainerStages.Engine;
using ContainerStages.Engine.BuildKit;
using ContainerStages.Pipeline;
using ContainerStages.Stacks.Node;

namespace ContainerStages.Tests.Stacks.Node;

/// <summary>
/// The failed tests and their messages, read from real output of each runner (TestData/NodeTestRunners,
/// recorded from one test file: two failing tests in 'greeting', one top-level failure, one pass).
/// </summary>
[TestClass]
public sealed class NodeTestFailuresTests
{
    private static IReadOnlyList<string> Recorded(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "NodeTestRunners", name))
            .Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .ToList();

    // As the build log sees them: every line through the assembler that strips terminal escapes.
    private static IReadOnlyList<string> AsAssembled(string name)
    {
        var assembler = new LogLineAssembler();
        var lines = new List<string>();
        assembler.Append(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "NodeTestRunners", name)), lines);
        if (assembler.Flush() is { } last)
        {
            lines.Add(last);
        }

        return lines;
    }

    private static void AssertFailure(IReadOnlyList<NodeTestFailure> failures, string name, params string[] messageParts)
    {
        var failure = failures.SingleOrDefault(f => f.Name == name);
        Assert.IsNotNull(failure, $"No failure named '{name}' in: {string.Join(" | ", failures.Select(f => f.Name))}");
        string message = string.Join("\n", failure.Message);
        foreach (string part in messageParts)
        {
            StringAssert.Contains(message, part, $"{name}: {message}");
        }
    }

    [TestMethod]
    public void Jest_NamesSuiteAndTestAndQuotesExpectedAndReceived()
    {
        var failures = NodeTestFailures.Find(Recorded("jest-29.7.0.txt"));

        Assert.HasCount(3, failures);
        AssertFailure(failures, "greeting › greets in French", "expect(received).toBe(expected)", "Expected: \"Bonjour, x\"", "Received: \"Hello, x\"");
        AssertFailure(failures, "greeting › nested › uses node assert", "the greeting is three characters long");
        AssertFailure(failures, "top-level throws", "the order store is unreachable");
        Assert.IsFalse(failures.SelectMany(f => f.Message).Any(l => l.Contains(" | ", StringComparison.Ordinal) || l.StartsWith("at ", StringComparison.Ordinal)), "Code frames and stacks are no message.");
    }

    [TestMethod]
    public void Jest_SuiteThatCannotLoad_IsNamedByItsFile()
    {
        var failures = NodeTestFailures.Find(Recorded("jest-29.7.0-suite-failed.txt"));

        AssertFailure(failures, "jestbroken/broken.test.js (test suite failed to run)", "Cannot find module './missing-module' from 'broken.test.js'");
    }

    [TestMethod]
    public void Vitest_NamesFileSuiteAndTestAndQuotesTheAssertion()
    {
        var failures = NodeTestFailures.Find(Recorded("vitest-3.2.4.txt"));

        Assert.HasCount(3, failures);
        AssertFailure(failures, "greeting.test.js > greeting > greets in French", "AssertionError: expected 'Hello, x' to be 'Bonjour, x'", "Expected: \"Bonjour, x\"");
        AssertFailure(failures, "greeting.test.js > greeting > nested > uses node assert", "the greeting is three characters long");
        AssertFailure(failures, "greeting.test.js > top-level throws", "Error: the order store is unreachable");
    }

    [TestMethod]
    public void Mocha_JoinsTheTitleLinesAndQuotesTheAssertion()
    {
        var failures = NodeTestFailures.Find(Recorded("mocha-11.7.1.txt"));

        Assert.HasCount(3, failures);
        AssertFailure(failures, "greeting > greets in French", "Expected values to be strictly equal", "'Bonjour, x'");
        AssertFailure(failures, "greeting > nested > uses node assert", "the greeting is three characters long");
        AssertFailure(failures, "top-level throws", "Error: the order store is unreachable");
    }

    [TestMethod]
    public void NodeTestTap_NamesTheTestWithItsSuitesAndLeavesSuitesOut()
    {
        var failures = NodeTestFailures.Find(Recorded("node-test-20-tap.txt"));

        Assert.HasCount(3, failures);
        AssertFailure(failures, "greeting > greets in French", "Expected values to be strictly equal:", "- 'Bonjour, x'");
        AssertFailure(failures, "greeting > nested > uses node assert", "the greeting is three characters long", "8 !== 3");
        AssertFailure(failures, "top-level throws", "the order store is unreachable");
    }

    [TestMethod]
    public void NodeTestSpec_ReadsTheFailingTestsSummary()
    {
        var failures = NodeTestFailures.Find(Recorded("node-test-20-spec.txt"));

        Assert.HasCount(3, failures);
        AssertFailure(failures, "greets in French", "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:", "+ 'Hello, x'");
        AssertFailure(failures, "uses node assert", "the greeting is three characters long");
        AssertFailure(failures, "top-level throws", "Error: the order store is unreachable");
    }

    [TestMethod]
    [DataRow("jest-29.7.0-color.txt", "greeting › greets in French")]
    [DataRow("vitest-3.2.4-color.txt", "greeting.test.js > greeting > greets in French")]
    [DataRow("mocha-11.7.1-color.txt", "greeting > greets in French")]
    [DataRow("node-test-20-spec-color.txt", "greets in French")]
    public void ColouredOutput_ReachesTheParserWithoutEscapesAndReadsTheSame(string recording, string name)
    {
        Assert.IsTrue(Recorded(recording).Any(l => l.Contains('\u001B', StringComparison.Ordinal)), "The recording should hold colour codes.");
        var lines = AsAssembled(recording);

        Assert.IsFalse(lines.Any(l => l.Contains('\u001B', StringComparison.Ordinal)), string.Join("\n", lines.Where(l => l.Contains('\u001B', StringComparison.Ordinal))));
        var failures = NodeTestFailures.Find(lines);
        Assert.HasCount(3, failures, string.Join(" | ", failures.Select(f => f.Name)));
        AssertFailure(failures, name, "Bonjour, x");
    }

    [TestMethod]
    public void UnknownOutput_FindsNothing()
    {
        Assert.HasCount(0, NodeTestFailures.Find(["> orders@1.0.0 test", "> ./run-tests.sh", "Segmentation fault (core dumped)"]));
    }

    [TestMethod]
    public void Report_NamesEachTestWithItsMessage_ElseQuotesTheLastLines()
    {
        string report = NodeStack.TestReport(Recorded("jest-29.7.0.txt"));
        string[] lines = report.Split(Environment.NewLine);

        Assert.AreEqual(string.Empty, lines[0], "The list starts on its own line, after the error's sentence.");
        Assert.AreEqual("  greeting › greets in French", lines[1]);
        Assert.AreEqual("      expect(received).toBe(expected) // Object.is equality", lines[2]);
        Assert.AreEqual("      Expected: \"Bonjour, x\"", lines[3]);
        Assert.AreEqual("      Received: \"Hello, x\"", lines[4]);

        string unknown = NodeStack.TestReport(["> orders@1.0.0 test", "Segmentation fault (core dumped)"]);
        Assert.AreEqual(Environment.NewLine + "  > orders@1.0.0 test" + Environment.NewLine + "  Segmentation fault (core dumped)", unknown);
    }
}
