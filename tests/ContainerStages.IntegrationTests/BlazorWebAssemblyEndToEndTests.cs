using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// Blazor WebAssembly: a standalone app's image is its published wwwroot on a small non-root web
/// server (the nginx-unprivileged stand-in), with the SPA fallback and the .wasm MIME type; a client
/// hosted by an ASP.NET Core server is built into the server's image, and a solution publish gives
/// that one image only.
/// </summary>
[TestClass]
public sealed class BlazorWebAssemblyEndToEndTests
{
    [TestMethod]
    public async Task Standalone_app_is_served_as_a_static_site_by_a_non_root_web_server()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("blazor-standalone");
        WriteClient(root, "Client", $"<ContainerRepository>{root.Image("client")}</ContainerRepository>", withPackage: true);
        string image = $"{root.Image("client")}:1.0.0";

        var publish = root.Publish("Client/Client.csproj", StandInImages.WebServer);

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        string dockerfile = root.ReadFile("Client/Dockerfile");
        StringAssert.Contains(dockerfile, $"FROM {StandInImages.WebServer} AS runtime");
        Assert.DoesNotContain("aspnet", dockerfile, "The runtime stage must not be the ASP.NET runtime.");
        var config = DockerCli.InspectImage(image).GetProperty("Config");
        Assert.AreEqual("101", config.GetProperty("User").GetString());

        string container = root.StartContainer(image, "-p", "127.0.0.1::8080");
        Assert.AreEqual("101", DockerCli.Run("exec", container, "id", "-u").Output.Trim(), "The web server runs as root.");
        int port = HttpProbe.HostPort(container, 8080);
        var (status, index) = await HttpProbe.GetAsync($"http://127.0.0.1:{port}/", container);
        Assert.AreEqual(200, status);
        StringAssert.Contains(index, "_framework/blazor.webassembly");

        // A client-side route is answered with index.html (the SPA fallback).
        var (deepStatus, deepBody) = await HttpProbe.GetAsync($"http://127.0.0.1:{port}/orders/42", container);
        Assert.AreEqual(200, deepStatus);
        Assert.AreEqual(index, deepBody);

        string wasm = DockerCli.Run("exec", container, "sh", "-c", "cd /usr/share/nginx/html && ls _framework/*.wasm | head -n 1").Output.Trim();
        Assert.IsTrue(wasm.EndsWith(".wasm", StringComparison.Ordinal), "No .wasm file in the site.\n" + wasm);
        using var client = new HttpClient();
        using var response = await client.GetAsync($"http://127.0.0.1:{port}/{wasm}");
        Assert.AreEqual(200, (int)response.StatusCode, wasm);
        Assert.AreEqual("application/wasm", response.Content.Headers.ContentType?.MediaType, wasm);
        Assert.IsGreaterThan(0L, (await response.Content.ReadAsByteArrayAsync()).LongLength);
    }

    [TestMethod]
    public void Solution_publish_of_a_hosted_client_gives_one_image_with_the_client_in_the_servers_wwwroot()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("blazor-hosted");
        // ContainerStages for every project, as a team adds it once for the repository.
        root.WriteFile("Directory.Build.props", $"""
            <Project>
              <PropertyGroup>
                <ContainerRepository>{root.ImagePrefix}/$(MSBuildProjectName.ToLowerInvariant())</ContainerRepository>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ContainerStages" Version="{TestEnvironment.PackageVersion}" />
              </ItemGroup>
            </Project>
            """);
        WriteClient(root, "Shop.Client", string.Empty, withPackage: false);
        root.WriteFile("Shop.Server/Shop.Server.csproj", """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.AspNetCore.Components.WebAssembly.Server" Version="10.0.12" />
                <ProjectReference Include="..\Shop.Client\Shop.Client.csproj" />
              </ItemGroup>
            </Project>
            """);
        root.WriteFile("Shop.Server/Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.UseBlazorFrameworkFiles();
            app.UseStaticFiles();
            app.MapFallbackToFile("index.html");
            app.Run();
            """);
        root.WriteFile("Shop.slnx", """
            <Solution>
              <Project Path="Shop.Client/Shop.Client.csproj" />
              <Project Path="Shop.Server/Shop.Server.csproj" />
            </Solution>
            """);

        var publish = root.DotNet(["publish", "Shop.slnx", "-p:ContainerStages=true", $"-p:ContainerBaseImage={StandInImages.AspNet}", $"-p:ContainerStagesSdkImage={StandInImages.Sdk}", "-p:ContainerImageTag=1"]);

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        var built = Regex.Matches(publish.Output, @"ContainerStages: built (\S+) from stage").Select(m => m.Groups[1].Value).Distinct().ToList();
        CollectionAssert.AreEqual(new[] { $"{root.ImagePrefix}/shop.server:1" }, built, publish.ToString());
        StringAssert.Contains(publish.Output, "CSTG1062: ");
        Assert.IsFalse(File.Exists(Path.Combine(root.Root, "Shop.Client/Dockerfile")), "The hosted client got a Dockerfile.");
        StringAssert.DoesNotMatch(publish.Output, new Regex(@"(warning|error) CSTG"), "A hosted client is passed over quietly.");

        var framework = DockerCli.Run("run", "--rm", "--entrypoint", "sh", $"{root.ImagePrefix}/shop.server:1", "-c", "ls /app/wwwroot/_framework");
        Assert.IsTrue(framework.Succeeded, framework.ToString());
        StringAssert.Contains(framework.Output, "blazor.webassembly", framework.ToString());
        StringAssert.Matches(framework.Output, new Regex(@"Shop\.Client\.[a-z0-9]+\.wasm"), framework.ToString());
    }

    private static void WriteClient(TestProjectRoot root, string name, string properties, bool withPackage)
    {
        root.WriteFile($"{name}/{name}.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk.BlazorWebAssembly">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.AspNetCore.Components.WebAssembly" Version="10.0.12" />
                {(withPackage ? $"<PackageReference Include=\"ContainerStages\" Version=\"{TestEnvironment.PackageVersion}\" />" : string.Empty)}
              </ItemGroup>
            </Project>
            """);
        root.WriteFile($"{name}/Program.cs", $$"""
            using Microsoft.AspNetCore.Components.WebAssembly.Hosting;

            var builder = WebAssemblyHostBuilder.CreateDefault(args);
            builder.RootComponents.Add<{{name}}.App>("#app");
            await builder.Build().RunAsync();
            """);
        root.WriteFile($"{name}/App.razor", "<h1>Hello from WebAssembly</h1>\n");
        root.WriteFile($"{name}/wwwroot/index.html", """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8" /><title>Shop</title><base href="/" /></head>
            <body>
              <div id="app">Loading...</div>
              <script src="_framework/blazor.webassembly.js"></script>
            </body>
            </html>
            """);
    }
}
