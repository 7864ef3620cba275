using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// A project that restores from an authenticated NuGet feed (on loopback, serving a package that exists
/// nowhere else), built with ContainerStagesHostBuild=false so that the restore inside the build is the
/// one that counts. The credentials are only in the user's environment or user-level NuGet config; the
/// restore step gets them as a BuildKit secret, and they are in no layer of any stage, no image's
/// history or config, not in the generated Dockerfile or any file of the context, the -v:diag log or
/// the binlog.
/// </summary>
[TestClass]
public sealed class PrivateFeedEndToEndTests
{
    private const string PasswordVariable = "CSTG_TEST_FEED_PASSWORD";

    /// <summary>The project's NuGet config names the user and takes the password from <see cref="PasswordVariable"/>.</summary>
    private const string PasswordFromTheEnvironment = $"""
          <packageSourceCredentials>
            <private-feed>
              <add key="Username" value="{PrivateNuGetFeed.UserName}" />
              <add key="ClearTextPassword" value="%{PasswordVariable}%" />
            </private-feed>
          </packageSourceCredentials>
        """;

    [TestMethod]
    public void Credentials_from_the_environment_reach_the_restore_and_nothing_else()
    {
        TestEnvironment.RequireEngine();
        using var feed = new PrivateNuGetFeed();
        using var root = CreateProject(feed, "feedenv", PasswordFromTheEnvironment);
        var environment = new Dictionary<string, string?> { [PasswordVariable] = feed.Password };
        string[] secrets = [feed.Password, feed.BasicAuthToken];

        var publish = Publish(root, environment, "runtime");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        string dockerfile = root.ReadFile("App/Dockerfile");
        StringAssert.Contains(dockerfile, "--mount=type=secret,id=nuget-credentials,required=true", "The restore step mounts no credentials.");
        StringAssert.Contains(publish.Output, "CSTG1103: The package source 'private-feed'", "The credentials were not found on the host.");
        StringAssert.Contains(publish.Output, "CSTG1102: The build asked its session for the secret 'nuget-credentials'", "The restore did not read the secret.");
        Assert.IsGreaterThanOrEqualTo(2, feed.AuthorizedDownloads, "The package was not downloaded by both the host's and the build's restore.");
        var runtime = TestProjectRoot.ParseBuiltMessage(publish).Reference;
        var run = DockerCli.Run("run", "--rm", runtime);
        Assert.AreEqual("private feed app", run.Output.Trim(), run.ToString());

        // The stages before the runtime, built as images of their own, hold the restore's and the compile's layers.
        var restore = Publish(root, environment, "restore");
        Assert.IsTrue(restore.Succeeded, restore.ToString());
        var build = Publish(root, environment, "publish");
        Assert.IsTrue(build.Succeeded, build.ToString());

        SecretScan.AssertNotInImage(TestProjectRoot.ParseBuiltMessage(restore).Reference, StandInImages.Sdk, secrets);
        SecretScan.AssertNotInImage(TestProjectRoot.ParseBuiltMessage(build).Reference, StandInImages.Sdk, secrets);
        SecretScan.AssertNotInImage(runtime, StandInImages.Runtime, secrets);
        foreach (var result in new[] { publish, restore, build })
        {
            SecretScan.AssertNotInLog(result, secrets);
        }

        // The project folder holds the whole build context, the generated Dockerfile and the plan.
        SecretScan.AssertNotInFolder(root.Root, secrets);
    }

    [TestMethod]
    public void Credentials_from_the_user_level_NuGet_config_reach_the_restore()
    {
        TestEnvironment.RequireEngine();
        using var feed = new PrivateNuGetFeed();
        using var root = CreateProject(feed, "feeduser", string.Empty);

        // Outside the project: the user's own NuGet config, as 'dotnet nuget add source --username' writes it.
        string home = root.Root + "-home";
        Directory.CreateDirectory(Path.Combine(home, ".nuget", "NuGet"));
        File.WriteAllText(Path.Combine(home, ".nuget", "NuGet", "NuGet.Config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSourceCredentials>
                <private-feed>
                  <add key="Username" value="{PrivateNuGetFeed.UserName}" />
                  <add key="ClearTextPassword" value="{feed.Password}" />
                </private-feed>
              </packageSourceCredentials>
            </configuration>
            """);
        try
        {
            var publish = Publish(root, new Dictionary<string, string?> { ["HOME"] = home, ["DOTNET_CLI_HOME"] = home }, "runtime");

            Assert.IsTrue(publish.Succeeded, publish.ToString());
            StringAssert.Contains(publish.Output, "CSTG1102: The build asked its session for the secret 'nuget-credentials'");
            Assert.IsGreaterThanOrEqualTo(2, feed.AuthorizedDownloads);
            SecretScan.AssertNotInImage(TestProjectRoot.ParseBuiltMessage(publish).Reference, StandInImages.Runtime, feed.Password, feed.BasicAuthToken);
            SecretScan.AssertNotInLog(publish, feed.Password, feed.BasicAuthToken);
            SecretScan.AssertNotInFolder(root.Root, feed.Password, feed.BasicAuthToken);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [TestMethod]
    public void Publish_that_takes_the_hosts_files_hands_the_engine_no_feed_credentials()
    {
        TestEnvironment.RequireEngine();
        using var feed = new PrivateNuGetFeed();
        using var root = CreateProject(feed, "feedhost", PasswordFromTheEnvironment);

        var publish = Publish(root, new Dictionary<string, string?> { [PasswordVariable] = feed.Password }, "runtime", hostBuild: true);

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "CSTG1111", "The image should take the host's files.");
        // The Dockerfile still mounts them (CSTG1103, when it is written): a plain docker build or the in-container path restores.
        StringAssert.Contains(root.ReadFile("App/Dockerfile"), "--mount=type=secret,id=nuget-credentials,required=true");
        Assert.DoesNotContain("CSTG1100", publish.Output, "A session was opened for a build that restores nothing.");
        Assert.DoesNotContain("CSTG1102", publish.Output, "A session served a secret to a build that restores nothing.");
        Assert.IsTrue(feed.AuthorizedDownloads <= 1, $"Only the host's restore may download the package: {feed.AuthorizedDownloads} downloads.");
        var run = DockerCli.Run("run", "--rm", TestProjectRoot.ParseBuiltMessage(publish).Reference);
        Assert.AreEqual("private feed app", run.Output.Trim(), run.ToString());
    }

    private static TestProjectRoot CreateProject(PrivateNuGetFeed feed, string name, string credentials)
    {
        var root = TestProjectRoot.Create(name);
        root.WriteFile("NuGet.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="containerstages-local" value="feed" />
                <add key="private-feed" value="{feed.IndexUrl}" allowInsecureConnections="true" />
              </packageSources>
            {credentials}
            </configuration>
            """);
        root.WriteProject(
            "App/App.csproj",
            "Microsoft.NET.Sdk",
            "<OutputType>Exe</OutputType><InvariantGlobalization>true</InvariantGlobalization>",
            $"<PackageReference Include=\"{feed.PackageId}\" Version=\"{feed.PackageVersion}\" />");
        root.WriteFile("App/Program.cs", "Console.WriteLine(\"private feed app\");\n");
        return root;
    }

    /// <summary>The feed is on the build machine's loopback: the build's RUN steps use the host's network.</summary>
    private static ProcessResult Publish(TestProjectRoot root, Dictionary<string, string?> environment, string target, string verbosity = "diag", bool hostBuild = false) =>
        root.DotNet(
            [
                "publish", "App/App.csproj",
                "-p:ContainerStages=true",
                $"-p:ContainerStagesHostBuild={(hostBuild ? "true" : "false")}",
                "-p:ContainerStagesNetwork=host",
                $"-p:ContainerStagesTarget={target}",
                $"-p:ContainerRepository={root.Image("app-" + target)}",
                $"-p:ContainerBaseImage={StandInImages.Runtime}",
                $"-p:ContainerStagesSdkImage={StandInImages.Sdk}",
            ],
            environment,
            verbosity);
}
