using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// ContainerStagesHostBuild=false: dotnet publish restores on the host and lets the image's build
/// stage do the only compile, so nothing is compiled twice.
/// </summary>
[TestClass]
public sealed class HostBuildSwitchEndToEndTests
{
    [TestMethod]
    public async Task Publish_without_the_host_build_compiles_only_in_the_container_and_the_image_answers()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("nohostbuild");
        root.WriteProject("Api/Api.csproj", "Microsoft.NET.Sdk.Web", "<ImplicitUsings>enable</ImplicitUsings>");
        root.WriteFile("Api/Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/", () => "compiled once");
            app.Run();
            """);
        string image = root.Image("api");

        var publish = root.Publish("Api/Api.csproj", StandInImages.AspNet, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1",
            "-p:ContainerStagesHostBuild=false", "-v:n");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "CSTG1043", publish.ToString());
        Assert.IsFalse(Directory.Exists(Path.Combine(root.Root, "Api", "bin")), "The host compiled or published:\n" + publish);
        Assert.IsTrue(File.Exists(Path.Combine(root.Root, "Api", "obj", "project.assets.json")), "The host should still restore.");

        string container = root.StartContainer($"{image}:1", "-p", "127.0.0.1::8080");
        var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{HttpProbe.HostPort(container, 8080)}/", container);
        Assert.AreEqual(200, status);
        Assert.AreEqual("compiled once", body);
    }

    [TestMethod]
    public void Compile_error_without_the_host_build_still_points_at_the_users_file_and_tags_nothing()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("nohostbuilderr");
        root.WriteProject("Tool/Tool.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType>");
        string source = root.WriteFile("Tool/Program.cs", "System.Console.WriteLine(\"missing semicolon\")\n");
        string image = root.Image("tool");

        var publish = root.Publish("Tool/Tool.csproj", StandInImages.Runtime, $"-p:ContainerRepository={image}", "-p:ContainerStagesHostBuild=false");

        Assert.IsFalse(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "error CSTG0013", publish.ToString());
        StringAssert.Matches(publish.Output, new Regex(Regex.Escape(source) + @"\(1,\d+\): error CS1002"), "The compiler's error should point at the file on this machine.\n" + publish);
        Assert.IsFalse(Directory.Exists(Path.Combine(root.Root, "Tool", "bin")), "The host compiled:\n" + publish);
        Assert.IsEmpty(DockerCli.ImagesWithPrefix(image), "A failed build left a tagged image.");
    }

    [TestMethod]
    public async Task Edit_with_an_old_file_time_is_rebuilt_from_the_cached_outputs_and_ships()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("staleguard");
        root.WriteProject("Api/Api.csproj", "Microsoft.NET.Sdk.Web");
        string program = root.WriteFile("Api/Program.cs", Program("first"));
        string image = root.Image("api");
        string[] arguments = [$"-p:ContainerRepository={image}", "-p:ContainerStagesHostBuild=false"];

        var first = root.Publish("Api/Api.csproj", StandInImages.AspNet, [.. arguments, "-p:ContainerImageTag=1"]);
        Assert.IsTrue(first.Succeeded, first.ToString());

        // The edit looks older than the outputs the last build left in the cache mount: MSBuild's
        // timestamp check alone would skip the compile and ship the old code.
        File.WriteAllText(program, Program("second"));
        File.SetLastWriteTimeUtc(program, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var second = root.Publish("Api/Api.csproj", StandInImages.AspNet, [.. arguments, "-p:ContainerImageTag=2"]);
        Assert.IsTrue(second.Succeeded, second.ToString());

        string container = root.StartContainer($"{image}:2", "-p", "127.0.0.1::8080");
        var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{HttpProbe.HostPort(container, 8080)}/", container);
        Assert.AreEqual(200, status);
        Assert.AreEqual("second", body, "A stale output reached the image.\n" + second);
    }

    [TestMethod]
    public void Setting_that_only_rewrites_the_dockerfile_leaves_the_build_step_cached()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("settingchange");
        root.WriteProject("Api/Api.csproj", "Microsoft.NET.Sdk.Web");
        root.WriteFile("Api/Program.cs", Program("settings"));
        string image = root.Image("api");
        string[] arguments = [$"-p:ContainerRepository={image}", "-p:ContainerStagesHostBuild=false", "-p:ContainerImageTag=1"];

        var first = root.Publish("Api/Api.csproj", StandInImages.AspNet, arguments);
        Assert.IsTrue(first.Succeeded, first.ToString());
        string dockerfile = root.ReadFile("Api/Dockerfile");

        // A runtime setting: the Dockerfile changes, the app's sources and build do not.
        var second = root.Publish("Api/Api.csproj", StandInImages.AspNet, [.. arguments, "-p:ContainerTitle=Settings changed"]);
        Assert.IsTrue(second.Succeeded, second.ToString());

        Assert.AreNotEqual(dockerfile, root.ReadFile("Api/Dockerfile"), "The setting should have rewritten the Dockerfile.");
        var buildStep = System.Text.RegularExpressions.Regex.Match(second.Output, @"CSTG1008: #(\d+) \[publish 2/2\] RUN ");
        Assert.IsTrue(buildStep.Success, second.ToString());
        StringAssert.Contains(second.Output, $"CSTG1008: #{buildStep.Groups[1].Value} CACHED", "The build step ran again for a Dockerfile-only change.\n" + second);
    }

    private static string Program(string text) => $$"""
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/", () => "{{text}}");
        app.Run();
        """;
}
