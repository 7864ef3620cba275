using System.Text.RegularExpressions;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// Once per test run: checks that a real engine and the stand-in images are there, and packs
/// ContainerStages into a local feed with a version of its own, so no NuGet cache can serve a stale build.
/// </summary>
public static partial class TestEnvironment
{
    /// <summary>Every image the tests create is named under this prefix, so leftovers can be found and removed.</summary>
    public const string ImagePrefix = "containerstages-test-";

    private static readonly Lazy<string> LazyPackage = new(Pack);

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string WorkRoot { get; } = Path.Combine(Path.GetTempPath(), "containerstages-it");

    /// <summary>The packed ContainerStages .nupkg.</summary>
    public static string PackagePath => LazyPackage.Value;

    public static string PackageVersion => PackageVersionPattern().Match(Path.GetFileName(PackagePath)).Groups["version"].Value;

    /// <summary>
    /// Fails (CI=true) or skips (a developer machine without Docker) when no engine answers; a skipped
    /// end-to-end suite is not a green build on CI.
    /// </summary>
    public static void RequireEngine()
    {
        var info = DockerCli.Run("version", "--format", "{{.Server.APIVersion}}");
        if (!info.Succeeded)
        {
            string message = "No Docker engine answers: run eng/test-env.sh (it installs and starts one).\n" + info;
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }

        foreach (string image in new[] { StandInImages.Sdk, StandInImages.AspNet, StandInImages.Runtime })
        {
            Assert.IsTrue(DockerCli.ImageExists(image), $"The stand-in image {image} is missing: run eng/test-env.sh.");
        }
    }

    private static string Pack()
    {
        // Two test runs on one machine (two worktrees) may start in the same second: the process id keeps
        // their feeds and versions apart, or one run's pack would overwrite the other's package.
        string stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss") + "-p" + Environment.ProcessId;
        string feed = Path.Combine(WorkRoot, "feed-" + stamp);
        Directory.CreateDirectory(feed);
        string version = "0.1.0-it" + stamp;
        var pack = ProcessRunner.Run(
            "dotnet",
            ["pack", Path.Combine(RepositoryRoot, "src", "ContainerStages.Tasks", "ContainerStages.Tasks.csproj"), "-c", "Release", "-o", feed, $"-p:Version={version}"],
            RepositoryRoot);
        Assert.IsTrue(pack.Succeeded, pack.ToString());
        return Directory.GetFiles(feed, "ContainerStages.*.nupkg").Single();
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ContainerStages.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ContainerStages.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^ContainerStages\.(?<version>.+)\.nupkg$")]
    private static partial Regex PackageVersionPattern();
}
