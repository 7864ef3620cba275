using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// The default path compiles once: the image takes the files this dotnet publish made (the generated
/// Dockerfile's host-publish stage), and the SDK stages do not run. The other path, the app built in
/// the container, ships the same files.
/// </summary>
[TestClass]
public sealed partial class CompileOnceEndToEndTests
{
    // An SDK image that exists nowhere: a build that needed the SDK stages would fail to resolve it.
    private const string MissingSdkImage = "containerstages-test-nowhere/sdk:0";

    private static void WriteWebApp(TestProjectRoot root)
    {
        root.WriteProject("Api/Api.csproj", "Microsoft.NET.Sdk.Web", items: """<ProjectReference Include="../Greeting/Greeting.csproj" />""");
        root.WriteFile("Api/Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.UseStaticFiles();
            app.MapGet("/", () => Greeting.Text.Hello);
            app.Run();
            """);
        root.WriteFile("Api/appsettings.json", "{ \"Logging\": { \"LogLevel\": { \"Default\": \"Warning\" } } }\n");
        root.WriteFile("Api/wwwroot/index.html", "<p>static</p>\n");
        root.WriteFile("Greeting/Greeting.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        root.WriteFile("Greeting/Text.cs", "namespace Greeting; public static class Text { public const string Hello = \"compiled once\"; }\n");
    }

    [TestMethod]
    public async Task Default_publish_puts_its_own_output_into_the_image_and_runs_no_SDK_stage()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("compileonce");
        WriteWebApp(root);
        string image = root.Image("api");

        var publish = root.DotNet(["publish", "Api/Api.csproj", "-p:ContainerStages=true", $"-p:ContainerBaseImage={StandInImages.AspNet}",
            $"-p:ContainerStagesSdkImage={MissingSdkImage}", $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1"]);

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "CSTG1111", publish.ToString());
        Assert.IsFalse(Regex.IsMatch(publish.Output, @"#\d+ \[(restore|build|publish) "), "An SDK stage ran:\n" + publish);
        StringAssert.Matches(publish.Output, new Regex(@"#\d+ \[runtime-with-host-publish 1/1\] COPY \.containerstages/publish/ \."), publish.ToString());
        Assert.IsFalse(File.Exists(Path.Combine(root.Root, "Api", "bin", "Release", "net10.0", "publish", "Api")), "The publish made an apphost.");
        using (var report = System.Text.Json.JsonDocument.Parse(root.ReadFile("Api/obj/Release/net10.0/ContainerStages.report.json")))
        {
            // Measuring a single-stage image would mean building the SDK stages after all.
            Assert.AreEqual(System.Text.Json.JsonValueKind.Null, report.RootElement.GetProperty("singleStage").ValueKind);
        }

        string container = root.StartContainer($"{image}:1", "-p", "127.0.0.1::8080");
        int port = HttpProbe.HostPort(container, 8080);
        var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{port}/", container);
        Assert.AreEqual(200, status);
        Assert.AreEqual("compiled once", body);
        var (staticStatus, staticBody) = await HttpProbe.GetAsync($"http://127.0.0.1:{port}/index.html", container);
        Assert.AreEqual(200, staticStatus);
        Assert.AreEqual("<p>static</p>\n", staticBody);
    }

    [TestMethod]
    public void Both_paths_put_the_same_files_into_the_runtime_layer()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("samefiles");
        WriteWebApp(root);
        string image = root.Image("api");
        var epoch = new Dictionary<string, string?> { ["SOURCE_DATE_EPOCH"] = "1700000000" };

        // The compiler writes the folder it compiled in into the assembly and its symbols; the container
        // compiles in /src, so the host maps its folder there to compile at the same path.
        var host = root.DotNet(["publish", "Api/Api.csproj", "-p:ContainerStages=true", $"-p:ContainerBaseImage={StandInImages.AspNet}",
            $"-p:ContainerStagesSdkImage={StandInImages.Sdk}", $"-p:ContainerRepository={image}", "-p:ContainerImageTag=host",
            $"-p:PathMap={root.Root}/=/src/"], epoch);
        Assert.IsTrue(host.Succeeded, host.ToString());
        StringAssert.Contains(host.Output, "CSTG1111", host.ToString());

        var inContainer = root.DotNet(["publish", "Api/Api.csproj", "-p:ContainerStages=true", "-p:ContainerStagesHostBuild=false",
            $"-p:ContainerBaseImage={StandInImages.AspNet}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}",
            $"-p:ContainerRepository={image}", "-p:ContainerImageTag=container"], epoch);
        Assert.IsTrue(inContainer.Succeeded, inContainer.ToString());
        StringAssert.Matches(inContainer.Output, BuildStageRan(), inContainer.ToString());

        // ASP.NET Core's build writes each static file's time, and the time it made the compressed copies,
        // into the endpoints manifest as Last-Modified headers: that file is compared without them.
        const string Endpoints = "./Api.staticwebassets.endpoints.json";
        var hostFiles = ImageFiles.List($"{image}:host").Select(l => WithoutHashOf(l, Endpoints)).ToList();
        var containerFiles = ImageFiles.List($"{image}:container").Select(l => WithoutHashOf(l, Endpoints)).ToList();
        Console.WriteLine(string.Join('\n', hostFiles));
        CollectionAssert.AreEqual(containerFiles.ToArray(), hostFiles.ToArray(),
            "host-built:\n" + string.Join('\n', hostFiles) + "\n\ncontainer-built:\n" + string.Join('\n', containerFiles));
        Assert.AreEqual(
            LastModified().Replace(ImageFile($"{image}:container", "/app/Api.staticwebassets.endpoints.json"), "Last-Modified"),
            LastModified().Replace(ImageFile($"{image}:host", "/app/Api.staticwebassets.endpoints.json"), "Last-Modified"));
        Assert.IsTrue(hostFiles.All(line => line.Split(' ')[1] == "1700000000"), "Every file should carry SOURCE_DATE_EPOCH:\n" + string.Join('\n', hostFiles));
        Assert.IsTrue(hostFiles.Any(line => line.EndsWith(" ./Greeting.dll", StringComparison.Ordinal)));
        Assert.IsTrue(hostFiles.Any(line => line.EndsWith(" ./wwwroot/index.html", StringComparison.Ordinal)));
    }

    private static string WithoutHashOf(string line, string path) =>
        line.EndsWith(" " + path, StringComparison.Ordinal) ? string.Join(' ', line.Split(' ').Select((part, i) => i == 3 ? "(compared below)" : part)) : line;

    private static string ImageFile(string image, string path)
    {
        var cat = DockerCli.Run("run", "--rm", "--network", "none", "--entrypoint", "cat", image, path);
        Assert.IsTrue(cat.Succeeded, cat.ToString());
        return cat.Output;
    }

    // The build stage's step: the output cache's helper around 'dotnet publish'.
    [GeneratedRegex(@"#\d+ \[publish 2/2\] RUN --mount=\S+\s+\S*containerstages-build-output begin \S+ &&\s+dotnet publish")]
    private static partial Regex BuildStageRan();

    [GeneratedRegex("\"Last-Modified\",\\s*\"Value\":\\s*\"[^\"]*\"")]
    private static partial Regex LastModified();

    [TestMethod]
    public async Task Publish_for_another_system_is_built_again_in_the_container_and_says_why()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("otheros");
        WriteWebApp(root);
        string image = root.Image("api");

        var publish = root.Publish("Api/Api.csproj", StandInImages.AspNet, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1", "-r", "win-x64");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "CSTG1113", publish.ToString());
        StringAssert.Contains(publish.Output, "win-x64");
        Assert.DoesNotContain("CSTG1111", publish.Output);
        StringAssert.Matches(publish.Output, BuildStageRan(), publish.ToString());

        string container = root.StartContainer($"{image}:1", "-p", "127.0.0.1::8080");
        var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{HttpProbe.HostPort(container, 8080)}/", container);
        Assert.AreEqual(200, status);
        Assert.AreEqual("compiled once", body);
    }
}
