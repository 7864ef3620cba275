using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// Bad input ends in one coded MSBuild error in the canonical form, with no stack trace, and no
/// image is tagged.
/// </summary>
[TestClass]
public sealed class BadInputTests
{
    private static TestProjectRoot s_root = null!;

    [ClassInitialize]
    public static void CreateProjects(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("badinput");
        s_root.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        s_root.WriteFile("App/Program.cs", "Console.WriteLine(\"hi\");\n");
    }

    [ClassCleanup]
    public static void RemoveEverything() => s_root?.Dispose();

    [TestMethod]
    public void Engine_that_is_not_there_is_a_coded_error_naming_the_endpoint()
    {
        var publish = s_root.DotNet(PublishArguments("App/App.csproj"), new Dictionary<string, string?> { ["DOCKER_HOST"] = "unix:///tmp/containerstages-no-engine.sock" });

        AssertCodedError(publish, "CSTG0001");
        StringAssert.Contains(publish.Output, "unix:///tmp/containerstages-no-engine.sock");
    }

    [TestMethod]
    public void Engine_that_accepts_but_never_answers_fails_within_the_connect_timeout()
    {
        // A listener on loopback that accepts connections and never says a word: without a bound
        // on the connect, the build would hang here forever.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var accepted = new List<Socket>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                try
                {
                    accepted.Add(await silent.AcceptSocketAsync());
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
            }
        });

        var publish = s_root.DotNet(
            [.. PublishArguments("App/App.csproj"), "-p:ContainerStagesConnectTimeoutSeconds=3"],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = $"tcp://127.0.0.1:{port}" });

        AssertCodedError(publish, "CSTG0001");
        StringAssert.Contains(publish.Output, "no answer within 3 s");
        var taskTime = Regex.Match(publish.Output, @"(\d+) ms\s+BuildContainerStagesImage\s+\d+ calls");
        if (taskTime.Success)
        {
            Assert.IsLessThan(20_000, int.Parse(taskTime.Groups[1].Value), "The connect was not bounded.\n" + publish);
        }
    }

    [TestMethod]
    [DataRow("-p:ContainerRepository=Not A/Valid Name", "CSTG0003")]
    [DataRow("-p:ContainerImageTag=-starts-with-dash", "CSTG0004")]
    [DataRow("-p:ContainerStagesTarget=no-such-stage", "CSTG0005")]
    public void Invalid_names_and_unknown_stages_fail_before_any_build(string argument, string code)
    {
        string image = s_root.Image("never");
        var publish = s_root.DotNet([.. PublishArguments("App/App.csproj"), argument.StartsWith("-p:ContainerRepository", StringComparison.Ordinal) ? "-p:X=1" : $"-p:ContainerRepository={image}", argument]);

        AssertCodedError(publish, code);
        Assert.DoesNotContain("CSTG1006", publish.Output, "A build started despite the bad input.");
        Assert.IsEmpty(DockerCli.ImagesWithPrefix(image));
    }

    [TestMethod]
    public void Class_library_is_not_an_application()
    {
        s_root.WriteProject("Lib/Lib.csproj", "Microsoft.NET.Sdk");
        s_root.WriteFile("Lib/Thing.cs", "public static class Thing { }\n");

        var publish = s_root.DotNet(PublishArguments("Lib/Lib.csproj"));

        AssertCodedError(publish, "CSTG0006");
        StringAssert.Contains(publish.Output, "class library");
    }

    [TestMethod]
    public void Multi_targeted_project_without_a_chosen_framework_is_told_to_choose()
    {
        s_root.WriteFile("Multi/Multi.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFrameworks>net10.0;net8.0</TargetFrameworks>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ContainerStages" Version="{TestEnvironment.PackageVersion}" />
              </ItemGroup>
            </Project>
            """);
        s_root.WriteFile("Multi/Program.cs", "System.Console.WriteLine(1);\n");

        // dotnet publish itself refuses several frameworks first, so call the entry target directly.
        var run = s_root.DotNet(["msbuild", "Multi/Multi.csproj", "-restore", "-t:ContainerStagesPublish", "-p:ContainerStages=true"]);

        AssertCodedError(run, "CSTG0007");
        StringAssert.Contains(run.Output, "net10.0;net8.0");
    }

    [TestMethod]
    public void Failing_step_of_a_user_owned_dockerfile_is_located_and_tags_nothing()
    {
        string dockerfile = s_root.WriteFile("App/Dockerfile.broken", $"""
            FROM {StandInImages.Runtime} AS runtime
            RUN echo "about to fail" && echo "on stderr" 1>&2 && exit 3
            """);
        string image = s_root.Image("broken");

        var publish = s_root.DotNet([.. PublishArguments("App/App.csproj"), $"-p:ContainerStagesDockerfile={dockerfile}", $"-p:ContainerRepository={image}"]);

        AssertCodedError(publish, "CSTG0013");
        StringAssert.Contains(publish.Output, "Dockerfile.broken(2)");
        StringAssert.Contains(publish.Output, "about to fail");
        Assert.IsEmpty(DockerCli.ImagesWithPrefix(image), "A failed build left a tagged image.");
        Assert.DoesNotContain("# Generated", File.ReadAllText(dockerfile), "A user's Dockerfile was overwritten.");
    }

    private static string[] PublishArguments(string project) =>
        ["publish", project, "-p:ContainerStages=true", $"-p:ContainerBaseImage={StandInImages.Runtime}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}"];

    private static void AssertCodedError(ProcessResult result, string code)
    {
        Assert.IsFalse(result.Succeeded, "Expected a failure.\n" + result);
        Assert.IsTrue(Regex.IsMatch(result.Output, $@"error {code}: "), $"No 'error {code}:' in the output.\n" + result);
        StringAssert.DoesNotMatch(result.Output, new Regex(@"^\s+at \S+\(.*\) in |^\s+at [A-Z]\w+\.", RegexOptions.Multiline), "A stack trace reached the user.\n" + result);
    }
}
