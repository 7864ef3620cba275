namespace ContainerStages.TestResults;

/// <summary>
/// Where the generated test stages keep the tests' results and outcome, and how the test-results
/// stage lays them out for the export: results/ (the TRX files) and outcome/ (exit code, output).
/// </summary>
internal static class TestResultsLayout
{
    public const string ResultsDirectory = "/containerstages/test-results";
    public const string OutcomeDirectory = "/containerstages/test-outcome";
    public const string ExitCodeFile = OutcomeDirectory + "/exit-code";
    public const string OutputFile = OutcomeDirectory + "/output.log";

    /// <summary>The folders of the exported test-results stage.</summary>
    public const string ResultsFolder = "results";
    public const string OutcomeFolder = "outcome";

    /// <summary>
    /// A build argument of the test-run stage: a failed run is cached like any step, so after one the
    /// next build passes a new value, which runs the tests again (a flaky test gets its second chance).
    /// </summary>
    public const string AttemptArgument = "CONTAINERSTAGES_TEST_ATTEMPT";

    /// <summary>One TRX per test project, named after it, so runs replace their own file.</summary>
    public static string TrxFileName(string testProjectPath)
    {
        string name = testProjectPath[(testProjectPath.LastIndexOf('/') + 1)..];
        int dot = name.LastIndexOf('.');
        return (dot > 0 ? name[..dot] : name) + ".trx";
    }
}
