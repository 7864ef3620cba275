using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// Failures while the image builds end in coded MSBuild errors that say what broke and where (the
/// user's own source line, the Dockerfile line), and nothing half-built is tagged.
/// </summary>
[TestClass]
public sealed class BuildFailureTests
{
    private static TestProjectRoot s_root = null!;

    [ClassInitialize]
    public static void CreateRoot(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("failures");
    }

    [ClassCleanup]
    public static void RemoveEverything() => s_root?.Dispose();

    [TestMethod]
    public void Compile_error_inside_the_build_points_at_the_users_source_line_and_the_dockerfile_step()
    {
        s_root.WriteProject("Broken/Broken.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        string source = s_root.WriteFile("Broken/Program.cs", "Console.WriteLine(\"hi\")\n");
        string image = s_root.Image("broken");

        // -t:ContainerStagesPublish builds in the container only, so the compiler runs there first.
        var run = s_root.DotNet(["build", "Broken/Broken.csproj", "-t:ContainerStagesPublish", "-p:ContainerStages=true",
            $"-p:ContainerBaseImage={StandInImages.Runtime}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}", $"-p:ContainerRepository={image}"]);

        AssertCodedError(run, "CSTG0013");
        StringAssert.Contains(run.Output, $"{source}(1,24): error CS1002", "The compiler's error should point at the file on this machine.\n" + run);
        string[] dockerfile = File.ReadAllLines(Path.Combine(s_root.Root, "Broken/Dockerfile"));
        // The build stage's step: 'dotnet publish' (compile and publish in one run) or 'dotnet build' with a test stage.
        int buildLine = Array.FindIndex(dockerfile, l => Regex.IsMatch(l, @"^\s*(RUN )?dotnet (build|publish) ")) + 1;
        while (!dockerfile[buildLine - 1].StartsWith("RUN", StringComparison.Ordinal))
        {
            buildLine--; // a continuation line: the RUN starts further up
        }
        var located = Regex.Match(run.Output, @"Dockerfile\((\d+)\): error CSTG0013");
        Assert.IsTrue(located.Success, run.ToString());
        Assert.AreEqual(buildLine, int.Parse(located.Groups[1].Value), "CSTG0013 should point at the build step's RUN line.");
        Assert.IsEmpty(DockerCli.ImagesWithPrefix(image), "A failed build left a tagged image.");
    }

    [TestMethod]
    public void Restore_failure_inside_the_build_names_the_package()
    {
        // The reference exists only inside the container, where DOTNET_RUNNING_IN_CONTAINER is set,
        // as happens with feeds or conditions that differ between a laptop and the build.
        s_root.WriteProject("NeedsPackage/NeedsPackage.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>",
            """<PackageReference Include="ContainerStages.No.Such.Package" Version="1.0.0" Condition="'$(DOTNET_RUNNING_IN_CONTAINER)' == 'true'" />""");
        s_root.WriteFile("NeedsPackage/Program.cs", "Console.WriteLine(1);\n");
        string image = s_root.Image("needs-package");

        // In the container: the host's restore and publish succeed, so its output would go into the image.
        var publish = s_root.Publish("NeedsPackage/NeedsPackage.csproj", StandInImages.Runtime, $"-p:ContainerRepository={image}", "-p:ContainerStagesHostBuild=false");

        AssertCodedError(publish, "CSTG0013");
        StringAssert.Matches(publish.Output, new Regex(@"NeedsPackage\.csproj : error NU1101: .*ContainerStages\.No\.Such\.Package"), publish.ToString());
        StringAssert.Contains(publish.Output, "[restore");
        Assert.IsEmpty(DockerCli.ImagesWithPrefix(image));
    }

    [TestMethod]
    public void Base_image_that_cannot_be_pulled_names_the_image_and_the_property()
    {
        s_root.WriteProject("Plain/Plain.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        s_root.WriteFile("Plain/Program.cs", "Console.WriteLine(1);\n");
        string missing = $"{s_root.ImagePrefix}/no-such-base:1";

        var publish = s_root.Publish("Plain/Plain.csproj", missing, $"-p:ContainerRepository={s_root.Image("plain")}");

        AssertCodedError(publish, "CSTG0024");
        StringAssert.Contains(publish.Output, $"'{missing}'");
        StringAssert.Contains(publish.Output, "Set ContainerBaseImage");
        StringAssert.Matches(publish.Output, new Regex(@"Plain/Dockerfile\(\d+\): error CSTG0024"));
    }

    [TestMethod]
    public void Engine_older_than_buildkit_is_a_coded_error()
    {
        using var engine = new FakeEngineEndpoint(_ => FakeEngineEndpoint.Json("""{"Version":"17.05.0-ce","ApiVersion":"1.29","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}"""));
        s_root.WriteProject("Old/Old.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        s_root.WriteFile("Old/Program.cs", "Console.WriteLine(1);\n");

        var publish = s_root.DotNet(
            ["publish", "Old/Old.csproj", "-p:ContainerStages=true", $"-p:ContainerBaseImage={StandInImages.Runtime}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}"],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = engine.DockerHost });

        AssertCodedError(publish, "CSTG0002");
        StringAssert.Contains(publish.Output, "1.29");
    }

    [TestMethod]
    public void Engine_that_dies_during_the_build_is_a_clean_error()
    {
        // Answers /version like Debian's engine, then cuts the build's answer after one line.
        using var engine = new FakeEngineEndpoint(requestLine => requestLine.Contains("/version", StringComparison.Ordinal)
            ? FakeEngineEndpoint.Json("""{"Version":"20.10.24","ApiVersion":"1.41","MinAPIVersion":"1.12","Os":"linux","Arch":"amd64"}""")
            : "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n{\"stream\":\"Step 1/2 : FROM x\\n\"}\n\r\n");
        s_root.WriteProject("Dies/Dies.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        s_root.WriteFile("Dies/Program.cs", "Console.WriteLine(1);\n");

        var publish = s_root.DotNet(
            ["publish", "Dies/Dies.csproj", "-p:ContainerStages=true", $"-p:ContainerBaseImage={StandInImages.Runtime}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}"],
            new Dictionary<string, string?> { ["DOCKER_HOST"] = engine.DockerHost });

        Assert.IsFalse(publish.Succeeded, publish.ToString());
        Assert.IsTrue(Regex.IsMatch(publish.Output, "error CSTG00(15|25): "), "Expected CSTG0015 or CSTG0025.\n" + publish);
        AssertNoStackTrace(publish);
    }

    private static void AssertCodedError(ProcessResult result, string code)
    {
        Assert.IsFalse(result.Succeeded, "Expected a failure.\n" + result);
        Assert.IsTrue(Regex.IsMatch(result.Output, $@"error {code}: "), $"No 'error {code}:' in the output.\n" + result);
        AssertNoStackTrace(result);
    }

    private static void AssertNoStackTrace(ProcessResult result) =>
        StringAssert.DoesNotMatch(result.Output, new Regex(@"^\s+at [A-Z]\w+(\.\w+)+\(", RegexOptions.Multiline), "A stack trace reached the user.\n" + result);
}
