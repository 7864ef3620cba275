using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// An npm workspace (monorepo) with two apps and one lock file at its root, the shape of
/// Npfries/docker-npm-workspaces: the NoTargets project sits beside one app's package.json, which
/// has no lock file of its own. The image holds that app and its own production dependencies only.
/// </summary>
[TestClass]
public sealed class NodeWorkspaceEndToEndTests
{
    [TestMethod]
    public async Task Member_of_an_npm_workspace_is_installed_from_the_root_lock_and_answers_http()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("node-workspace");
        root.WriteFile("mono/package.json", """
            { "name": "mono", "version": "1.0.0", "private": true, "type": "module", "workspaces": ["apps/*"] }
            """);
        root.WriteFile("mono/apps/api/package.json", """
            {
              "name": "api", "version": "1.2.0", "type": "module",
              "scripts": { "start": "node ./src/index.js", "dev": "nodemon ./src/index.js" },
              "dependencies": { "ms": "2.1.3" },
              "devDependencies": { "nodemon": "3.1.7" }
            }
            """);
        root.WriteFile("mono/apps/api/src/index.js", """
            import { createServer } from "node:http";
            import ms from "ms";
            const server = createServer((_req, res) => res.end(`api ${ms(60000)}`)).listen(3000);
            process.on("SIGTERM", () => server.close(() => process.exit(0)));
            """);
        root.WriteFile("mono/apps/worker/package.json", """
            { "name": "worker", "version": "1.0.0", "type": "module", "dependencies": { "uvu": "0.5.6" } }
            """);
        root.WriteFile("mono/apps/worker/src/index.js", "console.log('worker');\n");
        root.WriteFile("mono/apps/api/Api.csproj", $"""
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ContainerStages" Version="{TestEnvironment.PackageVersion}" />
              </ItemGroup>
            </Project>
            """);
        var lockFile = ProcessRunner.Run("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], Path.Combine(root.Root, "mono"), new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
        Assert.IsTrue(lockFile.Succeeded, lockFile.ToString());
        string image = root.Image("api");

        var publish = root.DotNet(
        [
            "publish", "mono/apps/api/Api.csproj", "-p:ContainerStages=true",
            $"-p:ContainerBaseImage={StandInImages.NodeRuntime}", $"-p:ContainerStagesSdkImage={StandInImages.NodeBuild}",
            $"-p:ContainerRepository={image}", "-p:ContainerImageTag=ws",
        ]);

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        Assert.DoesNotContain("CSTG0062", publish.Output, "The workspace's lock file was not used.");
        StringAssert.Contains(publish.Output, "npm ci --omit=dev --workspace=apps/api");

        string container = root.StartContainer($"{image}:ws", "-p", "127.0.0.1::3000");
        int port = HttpProbe.HostPort(container, 3000);
        var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{port}/", container);
        Assert.AreEqual(200, status);
        Assert.AreEqual("api 1m", body);

        var listing = DockerCli.Run("run", "--rm", "--entrypoint", "find", $"{image}:ws", "/app", "-maxdepth", "3", "-not", "-path", "*/node_modules/*/*");
        Assert.IsTrue(listing.Succeeded, listing.ToString());
        var files = listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        CollectionAssert.Contains(files, "/app/node_modules/ms");
        CollectionAssert.Contains(files, "/app/apps/api/src");
        foreach (string other in new[] { "/app/node_modules/uvu", "/app/node_modules/nodemon", "/app/apps/worker" })
        {
            CollectionAssert.DoesNotContain(files, other, $"{other}: another app's or a dev dependency reached the image.");
        }
    }
}
