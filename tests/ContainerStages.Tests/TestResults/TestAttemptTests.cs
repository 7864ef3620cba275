using ContainerStages.TestResults;

namespace ContainerStages.Tests.TestResults;

/// <summary>A failed test run is cached like any step; a new attempt value runs the tests again.</summary>
[TestClass]
public sealed class TestAttemptTests
{
    [TestMethod]
    public void BuildArgument_BeforeAnyFailure_IsNone() => Assert.IsNull(TestAttempt.BuildArgument(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));

    [TestMethod]
    public void Failed_GivesANewValue_ThatStaysUntilTheNextFailure()
    {
        string file = Path.Combine(Path.GetTempPath(), "cstg-attempt-" + Guid.NewGuid().ToString("N"), "obj", "attempt");
        try
        {
            TestAttempt.Failed(file);
            string? first = TestAttempt.BuildArgument(file);
            Assert.AreEqual(first, TestAttempt.BuildArgument(file), "A passing run keeps the value, so its run stays cached.");

            TestAttempt.Failed(file);

            StringAssert.StartsWith(first, "CONTAINERSTAGES_TEST_ATTEMPT=");
            Assert.AreNotEqual(first, TestAttempt.BuildArgument(file));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(file))!, recursive: true);
        }
    }
}
