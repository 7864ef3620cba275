using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// An ASP.NET Core app with a JavaScript front end in ClientApp (the SPA templates' SpaRoot): the
/// 'spa' stage builds it with npm beside the .NET build, and the image serves the built index.html
/// with no Node.js in it.
/// </summary>
[TestClass]
public sealed class AspNetSpaEndToEndTests
{
    [TestMethod]
    public async Task App_serves_the_front_end_built_in_its_own_stage()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("spa");
        root.WriteProject("src/Shop/Shop.csproj", "Microsoft.NET.Sdk.Web",
            properties: @"<SpaRoot>ClientApp\</SpaRoot>",
            items: """<Content Remove="$(SpaRoot)**" /><None Remove="$(SpaRoot)**" />""");
        root.WriteFile("src/Shop/Program.cs", """
            var app = WebApplication.CreateBuilder(args).Build();
            app.UseDefaultFiles();
            app.UseStaticFiles();
            app.MapGet("/api/ping", () => "pong");
            app.Run();
            """);
        root.WriteFile("src/Shop/ClientApp/package.json", """
            { "name": "shop-client", "version": "1.0.0", "private": true, "scripts": { "build": "node build.js" } }
            """);
        root.WriteFile("src/Shop/ClientApp/build.js", """
            const fs = require("node:fs");
            fs.mkdirSync("dist", { recursive: true });
            fs.writeFileSync("dist/index.html", `<h1>Shop front end</h1><p>built by node ${process.versions.node.split(".")[0]}</p>`);
            """);
        var lockFile = ProcessRunner.Run("npm", ["install", "--package-lock-only", "--no-audit", "--no-fund"], Path.Combine(root.Root, "src/Shop/ClientApp"), new Dictionary<string, string?>(), TimeSpan.FromMinutes(2));
        Assert.IsTrue(lockFile.Succeeded, lockFile.ToString());
        string image = root.Image("shop");

        var publish = root.Publish("src/Shop/Shop.csproj", StandInImages.AspNet,
            $"-p:ContainerRepository={image}", "-p:ContainerImageTag=e2e", $"-p:ContainerStagesSpaImage={StandInImages.NodeBuild}");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "stages: restore, sources, publish, spa, runtime-base, runtime-with-publish, runtime-with-host-publish, runtime");
        string container = root.StartContainer($"{image}:e2e", "-p", "127.0.0.1::8080");
        int port = HttpProbe.HostPort(container, 8080);
        var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{port}/", container);
        Assert.AreEqual(200, status);
        Assert.AreEqual("<h1>Shop front end</h1><p>built by node 20</p>", body);

        var node = DockerCli.Run("exec", container, "sh", "-c", "command -v node || ls /app/wwwroot");
        Assert.IsTrue(node.Succeeded, node.ToString());
        Assert.AreEqual("index.html", node.Output.Trim(), "Node.js or more than the built front end reached the runtime image.");
        Console.WriteLine($"ASP.NET Core app with a front end: publish took {publish.Elapsed.TotalSeconds:0.0} s");
    }
}
