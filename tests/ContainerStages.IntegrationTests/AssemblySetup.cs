using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

[TestClass]
public static class AssemblySetup
{
    [AssemblyInitialize]
    public static void SweepOldRuns(TestContext _)
    {
        // Scenario folders and binlogs of earlier runs (kept for reading failures) go after a day.
        if (Directory.Exists(TestEnvironment.WorkRoot))
        {
            foreach (var entry in new DirectoryInfo(TestEnvironment.WorkRoot).EnumerateFileSystemInfos())
            {
                if (entry.LastWriteTimeUtc < DateTime.UtcNow.AddDays(-1))
                {
                    try
                    {
                        if (entry is DirectoryInfo directory)
                        {
                            directory.Delete(recursive: true);
                        }
                        else
                        {
                            entry.Delete();
                        }
                    }
                    catch (IOException)
                    {
                    }
                }
            }
        }
    }

    [AssemblyCleanup]
    public static void StopSharedServices() => LocalRegistry.StopIfStarted();
}
