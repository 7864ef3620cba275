using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// A repository shape people have: a web project referencing a class library, central package
/// versions in Directory.Packages.props, one NuGet package restored inside the build.
/// </summary>
[TestClass]
public sealed class SolutionEndToEndTests
{
    [TestMethod]
    public async Task Web_project_with_a_library_and_central_package_versions_builds_and_answers()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("solution");
        root.WriteFile("Directory.Packages.props", """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageVersion Include="Newtonsoft.Json" Version="13.0.3" />
                <PackageVersion Include="ContainerStages" Version="VERSION" />
              </ItemGroup>
            </Project>
            """.Replace("VERSION", TestEnvironment.PackageVersion, StringComparison.Ordinal));
        root.WriteFile("src/Shop.Core/Shop.Core.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <!-- A shared file outside the project folder, as teams keep common references: restore needs it. -->
              <Import Project="../../build/json.props" />
            </Project>
            """);
        root.WriteFile("build/json.props", """
            <Project>
              <ItemGroup>
                <PackageReference Include="Newtonsoft.Json" />
              </ItemGroup>
            </Project>
            """);
        root.WriteFile("src/Shop.Core/Catalog.cs", """
            namespace Shop.Core;
            public static class Catalog
            {
                public static string AsJson() => Newtonsoft.Json.JsonConvert.SerializeObject(new { item = "teapot", price = 42 });
            }
            """);
        root.WriteFile("src/Shop.Api/Shop.Api.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <ContainerStages>true</ContainerStages>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ContainerStages" />
                <ProjectReference Include="../Shop.Core/Shop.Core.csproj" />
              </ItemGroup>
            </Project>
            """);
        root.WriteFile("src/Shop.Api/Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/catalog", () => Results.Text(Shop.Core.Catalog.AsJson(), "application/json"));
            app.Run();
            """);
        root.WriteFile("Shop.slnx", """
            <Solution>
              <Project Path="src/Shop.Api/Shop.Api.csproj" />
              <Project Path="src/Shop.Core/Shop.Core.csproj" />
            </Solution>
            """);
        string image = root.Image("shop-api");

        // ContainerStages=true is in the project file here, as a team would commit it.
        var publish = root.DotNet(
            ["publish", "src/Shop.Api/Shop.Api.csproj", $"-p:ContainerBaseImage={StandInImages.AspNet}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}", $"-p:ContainerRepository={image}", "-p:ContainerImageTags=1.0%3Blatest"]);

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        string dockerfile = root.ReadFile("src/Shop.Api/Dockerfile");
        StringAssert.Contains(dockerfile, "COPY [\"src/Shop.Core/Shop.Core.csproj\", \"src/Shop.Core/\"]");
        StringAssert.Contains(dockerfile, "\"Directory.Packages.props\"");
        StringAssert.Contains(dockerfile, "COPY [\"build/json.props\", \"build/\"]");
        Assert.DoesNotContain("Catalog.cs", dockerfile);
        Assert.IsTrue(DockerCli.ImageExists($"{image}:1.0") && DockerCli.ImageExists($"{image}:latest"), "Both tags should exist.\n" + publish);

        string container = root.StartContainer($"{image}:1.0", "-p", "127.0.0.1::8080");
        var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{HttpProbe.HostPort(container, 8080)}/catalog", container);
        Assert.AreEqual(200, status);
        Assert.AreEqual("{\"item\":\"teapot\",\"price\":42}", body);
    }
}
