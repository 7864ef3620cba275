using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// A typical solution: a web app referencing two libraries in other folders (one using a NuGet
/// package through central package management), a worker app, and a test project of the web app.
/// </summary>
[TestClass]
public sealed class RepositoryShapeTests
{
    private static TestProjectRoot s_root = null!;
    private static ProcessResult s_solutionPublish = null!;

    [ClassInitialize]
    public static void PublishTheSolution(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("repo");
        s_root.WriteFile("Directory.Packages.props", $"""
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />
                <PackageVersion Include="ContainerStages" Version="{TestEnvironment.PackageVersion}" />
                <PackageVersion Include="MSTest" Version="4.5.2" />
              </ItemGroup>
            </Project>
            """);
        // The library references ContainerStages too, so the solution publish must pass over it.
        s_root.WriteFile("libs/Shop.Core/Shop.Core.csproj", Library("<PackageReference Include=\"Newtonsoft.Json\" /><PackageReference Include=\"ContainerStages\" />"));
        s_root.WriteFile("libs/Shop.Core/Catalog.cs", """
            namespace Shop.Core;
            public static class Catalog
            {
                public static int Price => 42;
                public static string AsJson() => Newtonsoft.Json.JsonConvert.SerializeObject(new { item = "teapot", price = Price });
            }
            """);
        s_root.WriteFile("shared/Shop.Text/Shop.Text.csproj", Library(string.Empty));
        s_root.WriteFile("shared/Shop.Text/Banner.cs", "namespace Shop.Text; public static class Banner { public const string Text = \"shop\"; }\n");
        s_root.WriteFile("src/Shop.Api/Shop.Api.csproj", App("Microsoft.NET.Sdk.Web", """
            <ProjectReference Include="../../libs/Shop.Core/Shop.Core.csproj" />
            <ProjectReference Include="../../shared/Shop.Text/Shop.Text.csproj" />
            """));
        s_root.WriteFile("src/Shop.Api/Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/catalog", () => Results.Text(Shop.Core.Catalog.AsJson(), "application/json"));
            app.MapGet("/", () => Shop.Text.Banner.Text);
            app.Run();
            """);
        s_root.WriteFile("src/Shop.Worker/Shop.Worker.csproj", App("Microsoft.NET.Sdk", "<ProjectReference Include=\"../../shared/Shop.Text/Shop.Text.csproj\" />", "<OutputType>Exe</OutputType>"));
        s_root.WriteFile("src/Shop.Worker/Program.cs", "Console.WriteLine($\"worker of {Shop.Text.Banner.Text}\");\n");
        s_root.WriteFile("tests/Shop.Api.Tests/Shop.Api.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MSTest" />
                <ProjectReference Include="../../src/Shop.Api/Shop.Api.csproj" />
              </ItemGroup>
            </Project>
            """);
        WritePriceTest("Assert.AreEqual(42, Shop.Core.Catalog.Price);");
        s_root.WriteFile("Shop.slnx", """
            <Solution>
              <Project Path="libs/Shop.Core/Shop.Core.csproj" />
              <Project Path="shared/Shop.Text/Shop.Text.csproj" />
              <Project Path="src/Shop.Api/Shop.Api.csproj" />
              <Project Path="src/Shop.Worker/Shop.Worker.csproj" />
              <Project Path="tests/Shop.Api.Tests/Shop.Api.Tests.csproj" />
            </Solution>
            """);

        // -m: the two apps' container builds run at the same time.
        s_solutionPublish = s_root.DotNet(["publish", "Shop.slnx", "-m", .. CommonArguments(), "-p:ContainerImageTag=1"]);
    }

    [ClassCleanup]
    public static void RemoveEverything() => s_root?.Dispose();

    [TestMethod]
    public async Task Solution_publish_builds_one_image_per_app_and_runs_the_tests()
    {
        Assert.IsTrue(s_solutionPublish.Succeeded, s_solutionPublish.ToString());
        var built = Regex.Matches(s_solutionPublish.Output, @"ContainerStages: built (\S+) from stage").Select(m => m.Groups[1].Value).Distinct().Order().ToList();
        CollectionAssert.AreEqual(new[] { $"{s_root.ImagePrefix}/shop.api:1", $"{s_root.ImagePrefix}/shop.worker:1" }, built, s_solutionPublish.ToString());
        StringAssert.Matches(s_solutionPublish.Output, new Regex(@"\[test-run 1/1\] RUN .*dotnet test tests/Shop\.Api\.Tests/Shop\.Api\.Tests\.csproj"), "The test stage did not run.\n" + s_solutionPublish);
        StringAssert.Contains(s_solutionPublish.Output, "warning CSTG0027", "The worker has no tests; that should be said.");
        Assert.IsFalse(File.Exists(Path.Combine(s_root.Root, "libs/Shop.Core/Dockerfile")), "A library got a Dockerfile.");
        Assert.IsFalse(File.Exists(Path.Combine(s_root.Root, "tests/Shop.Api.Tests/Dockerfile")), "A test project got a Dockerfile.");

        string dockerfile = s_root.ReadFile("src/Shop.Api/Dockerfile");
        StringAssert.Contains(dockerfile, "COPY [\"libs/Shop.Core/Shop.Core.csproj\", \"libs/Shop.Core/\"]");
        StringAssert.Contains(dockerfile, "COPY [\"shared/Shop.Text/Shop.Text.csproj\", \"shared/Shop.Text/\"]");
        StringAssert.Contains(dockerfile, "COPY [\"tests/Shop.Api.Tests/Shop.Api.Tests.csproj\", \"tests/Shop.Api.Tests/\"]");
        Assert.DoesNotContain(".cs\"", dockerfile.Replace(".csproj\"", string.Empty, StringComparison.Ordinal), "Sources reached the restore layer.");

        string container = s_root.StartContainer($"{s_root.ImagePrefix}/shop.api:1", "-p", "127.0.0.1::8080");
        var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{HttpProbe.HostPort(container, 8080)}/catalog", container);
        Assert.AreEqual(200, status);
        Assert.AreEqual("{\"item\":\"teapot\",\"price\":42}", body);
        var worker = DockerCli.Run("run", "--rm", $"{s_root.ImagePrefix}/shop.worker:1");
        Assert.AreEqual("worker of shop", worker.Output.Trim(), worker.ToString());
    }

    [TestMethod]
    public void Source_edit_keeps_restore_cached_and_a_project_file_edit_reruns_it()
    {
        Assert.IsTrue(s_solutionPublish.Succeeded, s_solutionPublish.ToString());
        s_root.WriteFile("libs/Shop.Core/Catalog.cs", s_root.ReadFile("libs/Shop.Core/Catalog.cs").Replace("teapot", "kettle", StringComparison.Ordinal));

        var afterSourceEdit = s_root.DotNet(["publish", "src/Shop.Api/Shop.Api.csproj", .. CommonArguments(), "-p:ContainerImageTag=source-edit"]);
        Assert.IsTrue(afterSourceEdit.Succeeded, afterSourceEdit.ToString());
        Assert.IsTrue(RestoreWasCached(afterSourceEdit), "A .cs edit invalidated the restore layer.\n" + afterSourceEdit);
        Assert.IsFalse(StepWasCached(afterSourceEdit, "[build "), "The build step should rerun after a source edit.\n" + afterSourceEdit);

        s_root.WriteFile("libs/Shop.Core/Shop.Core.csproj", s_root.ReadFile("libs/Shop.Core/Shop.Core.csproj").Replace("<Nullable>enable</Nullable>", "<Nullable>enable</Nullable><Authors>shop</Authors>", StringComparison.Ordinal));
        var afterProjectEdit = s_root.DotNet(["publish", "src/Shop.Api/Shop.Api.csproj", .. CommonArguments(), "-p:ContainerImageTag=project-edit"]);
        Assert.IsTrue(afterProjectEdit.Succeeded, afterProjectEdit.ToString());
        Assert.IsFalse(RestoreWasCached(afterProjectEdit), "A project file edit must rerun restore.\n" + afterProjectEdit);
    }

    [TestMethod]
    public void Failing_test_fails_the_publish_naming_the_test_and_tags_nothing()
    {
        Assert.IsTrue(s_solutionPublish.Succeeded, s_solutionPublish.ToString());
        WritePriceTest("Assert.AreEqual(41, Shop.Core.Catalog.Price, \"the price moved\");");
        try
        {
            var publish = s_root.DotNet(["publish", "src/Shop.Api/Shop.Api.csproj", .. CommonArguments(), "-p:ContainerImageTag=red"]);

            Assert.IsFalse(publish.Succeeded, publish.ToString());
            StringAssert.Matches(publish.Output, new Regex(@"error CSTG0028: Tests failed in the 'test' stage.*Price_is_the_catalog_price"), publish.ToString());
            Assert.IsFalse(DockerCli.ImageExists($"{s_root.ImagePrefix}/shop.api:red"), "An image whose tests failed was tagged.");
        }
        finally
        {
            WritePriceTest("Assert.AreEqual(42, Shop.Core.Catalog.Price);");
        }
    }

    private static string[] CommonArguments() =>
    [
        "-p:ContainerStages=true", "-p:ContainerStagesTest=true",
        $"-p:ContainerBaseImage={StandInImages.AspNet}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}",
    ];

    private static bool RestoreWasCached(ProcessResult publish) => StepWasCached(publish, "[restore ", "dotnet restore");

    private static bool StepWasCached(ProcessResult publish, string stepPrefix, string? containing = null)
    {
        var start = Regex.Matches(publish.Output, @"CSTG1008: #(\d+) (\[[^\]]+\] RUN .*)$", RegexOptions.Multiline)
            .FirstOrDefault(m => m.Groups[2].Value.StartsWith(stepPrefix, StringComparison.Ordinal) && (containing is null || m.Groups[2].Value.Contains(containing, StringComparison.Ordinal)));
        Assert.IsNotNull(start, $"No '{stepPrefix}' RUN step in the output.\n" + publish);
        return Regex.IsMatch(publish.Output, $@"CSTG1008: #{start.Groups[1].Value} CACHED");
    }

    private static string Library(string items) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
          </PropertyGroup>
          <ItemGroup>
            {items}
          </ItemGroup>
        </Project>
        """;

    // Command-line properties are not evaluated, so each app names its test-prefixed repository itself.
    private static string App(string sdk, string items, string properties = "") => $"""
        <Project Sdk="{sdk}">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <ContainerRepository>{s_root.ImagePrefix}/$(AssemblyName.ToLowerInvariant())</ContainerRepository>
            {properties}
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="ContainerStages" />
            {items}
          </ItemGroup>
        </Project>
        """;

    private static void WritePriceTest(string assertion) => s_root.WriteFile("tests/Shop.Api.Tests/PriceTests.cs", $$"""
        using Microsoft.VisualStudio.TestTools.UnitTesting;

        namespace Shop.Api.Tests;

        [TestClass]
        public sealed class PriceTests
        {
            [TestMethod]
            public void Price_is_the_catalog_price() => {{assertion}}
        }
        """);
}
