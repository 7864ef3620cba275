using System.Globalization;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// A TypeScript service described by a Microsoft.Build.NoTargets project beside its package.json:
/// the same 'dotnet publish -p:ContainerStages=true' builds it with npm inside the build (packages
/// from the registry this machine reaches), runs its tests, and the image holds production
/// dependencies and compiled JavaScript only.
/// </summary>
[TestClass]
public sealed class NodeServiceEndToEndTests
{
    private static TestProjectRoot s_root = null!;
    private static ProcessResult s_publish = null!;
    private static string s_image = null!;

    [ClassInitialize]
    public static void PublishOnce(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("node-ts");
        WriteService(s_root, passingTests: true);
        s_image = s_root.Image("orders");
        s_publish = PublishNode(s_root, s_image, "-p:ContainerStagesTest=true");
    }

    [ClassCleanup]
    public static void RemoveEverything() => s_root?.Dispose();

    [TestMethod]
    public async Task Container_answers_http_as_user_node()
    {
        Assert.IsTrue(s_publish.Succeeded, s_publish.ToString());
        StringAssert.Contains(s_publish.Output, "stages: deps, sources, build, test, prod-deps, runtime");
        var (reference, stage, bytes) = TestProjectRoot.ParseBuiltMessage(s_publish);
        Assert.AreEqual($"{s_image}:e2e", reference);
        Assert.AreEqual("runtime", stage);

        string container = s_root.StartContainer(reference, "-p", "127.0.0.1::3000");
        int port = HttpProbe.HostPort(container, 3000);
        var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{port}/", container);
        Assert.AreEqual(200, status);
        Assert.AreEqual("Hello, containers (uid 1000, production, 2s)", body);

        var user = DockerCli.Run("exec", container, "id", "-un");
        Assert.IsTrue(user.Succeeded, user.ToString());
        Assert.AreEqual("node", user.Output.Trim());
        Assert.AreEqual("node", DockerCli.InspectImage(reference).GetProperty("Config").GetProperty("User").GetString());
        Console.WriteLine($"TypeScript service image: {bytes:N0} bytes; publish took {s_publish.Elapsed.TotalSeconds:0.0} s");
    }

    [TestMethod]
    public void Image_holds_no_dev_dependencies_and_no_typescript_sources()
    {
        Assert.IsTrue(s_publish.Succeeded, s_publish.ToString());
        var listing = DockerCli.Run("run", "--rm", "--user", "0", "--entrypoint", "find", $"{s_image}:e2e", "/app", "-not", "-path", "*/node_modules/*/*");
        Assert.IsTrue(listing.Succeeded, listing.ToString());
        var files = listing.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        CollectionAssert.Contains(files, "/app/dist/server.js");
        CollectionAssert.Contains(files, "/app/node_modules/ms", "The production dependency is missing.");
        foreach (string devDependency in new[] { "typescript", "@types", "uvu" })
        {
            CollectionAssert.DoesNotContain(files, "/app/node_modules/" + devDependency, $"{devDependency} reached the runtime image.");
        }

        var everything = DockerCli.Run("run", "--rm", "--user", "0", "--entrypoint", "find", $"{s_image}:e2e", "/", "-xdev", "-name", "*.ts", "-o", "-name", "tsconfig.json", "-o", "-name", "npm-cli.js");
        Assert.IsTrue(everything.Succeeded, everything.ToString());
        Assert.AreEqual(string.Empty, everything.Output.Trim(), "TypeScript sources, the compiler's settings or npm reached the runtime image.");
    }

    [TestMethod]
    public void Multi_stage_image_is_smaller_than_single_stage_by_at_least_the_dev_dependencies()
    {
        Assert.IsTrue(s_publish.Succeeded, s_publish.ToString());
        string single = s_root.Image("orders-single") + ":e2e";
        s_root.WriteFile("svc/Dockerfile.single", $"""
            FROM {StandInImages.NodeBuild}
            WORKDIR /app
            COPY . .
            RUN npm ci && npm run build
            ENV NODE_ENV=production
            USER node
            CMD ["node", "dist/server.js"]
            """);
        var build = DockerCli.Run("build", "-q", "-f", Path.Combine(s_root.Root, "svc", "Dockerfile.single"), "-t", single, Path.Combine(s_root.Root, "svc"));
        Assert.IsTrue(build.Succeeded, build.ToString());

        // Layers above each base: the single-stage image needs npm, so it starts from the build image.
        long singleApp = Size(single) - Size(StandInImages.NodeBuild);
        long multiApp = Size($"{s_image}:e2e") - Size(StandInImages.NodeRuntime);
        long all = NodeModulesBytes(single);
        long production = NodeModulesBytes($"{s_image}:e2e");
        long devDependencies = all - production;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"single-stage app layers {singleApp:N0} B, multi-stage app layers {multiApp:N0} B; node_modules all {all:N0} B, production {production:N0} B (dev {devDependencies:N0} B)"));

        Assert.IsTrue(devDependencies > 10_000_000, $"The dev dependencies should weigh something (typescript alone is ~20 MB): {devDependencies:N0} B");
        Assert.IsTrue(singleApp - multiApp >= devDependencies,
            $"The multi-stage app layers ({multiApp:N0} B) are not smaller than the single-stage ones ({singleApp:N0} B) by the dev dependencies ({devDependencies:N0} B).");
    }

    [TestMethod]
    public void Failing_npm_test_fails_the_publish_with_a_code_and_tags_nothing()
    {
        using var root = TestProjectRoot.Create("node-ts-failing");
        WriteService(root, passingTests: false);
        string image = root.Image("orders-failing");

        var publish = PublishNode(root, image, "-p:ContainerStagesTest=true");

        Assert.IsFalse(publish.Succeeded, publish.ToString());
        StringAssert.Contains(publish.Output, "error CSTG0067", publish.ToString());
        Assert.DoesNotContain('\u001B', publish.Output, "A terminal escape reached the log.");
        StringAssert.Contains(publish.Output, "greets in the other language", publish.ToString());
        Assert.IsFalse(DockerCli.ImageExists($"{image}:e2e"), "A failed test run tagged an image.");
        Console.WriteLine("failing npm test: " + publish.Output.Split('\n').First(l => l.Contains("error CSTG00", StringComparison.Ordinal)).Trim());
    }

    private static ProcessResult PublishNode(TestProjectRoot root, string image, params string[] extra) =>
        root.DotNet(
        [
            "publish", "svc/Orders.csproj",
            "-p:ContainerStages=true",
            $"-p:ContainerBaseImage={StandInImages.NodeRuntime}",
            $"-p:ContainerStagesSdkImage={StandInImages.NodeBuild}",
            $"-p:ContainerRepository={image}",
            "-p:ContainerImageTag=e2e",
            .. extra,
        ]);

    private static long Size(string reference) => DockerCli.InspectImage(reference).GetProperty("Size").GetInt64();

    private static long NodeModulesBytes(string reference)
    {
        var du = DockerCli.Run("run", "--rm", "--user", "0", "--entrypoint", "du", reference, "-sb", "/app/node_modules");
        Assert.IsTrue(du.Succeeded, du.ToString());
        return long.Parse(du.Output.Trim().Split('\n')[^1].Split('\t')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A TypeScript HTTP service on node's own http module; typescript, @types/node and the uvu test
    /// runner are dev dependencies, 'ms' a production one. The lock file is made by the host's npm.
    /// </summary>
    private static void WriteService(TestProjectRoot root, bool passingTests)
    {
        root.WriteFile("svc/Orders.csproj", $"""
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ContainerStages" Version="{TestEnvironment.PackageVersion}" />
              </ItemGroup>
            </Project>
            """);
        root.WriteFile("svc/package.json", """
            {
              "name": "orders",
              "version": "1.0.0",
              "private": true,
              "main": "dist/server.js",
              "engines": { "node": ">=20" },
              "scripts": {
                "build": "tsc -p tsconfig.json",
                "test": "uvu test",
                "start": "node dist/server.js"
              },
              "dependencies": { "ms": "2.1.3" },
              "devDependencies": { "typescript": "5.6.3", "@types/node": "20.17.6", "uvu": "0.5.6" }
            }
            """);
        root.WriteFile("svc/tsconfig.json", """
            { "compilerOptions": { "target": "es2022", "module": "commonjs", "rootDir": "src", "outDir": "dist", "strict": true, "types": ["node"] } }
            """);
        root.WriteFile("svc/src/greeting.ts", """
            // 'ms' ships no types; @types/node types require().
            const ms: (value: number) => string = require("ms");
            export function greet(name: string): string {
              const uid = process.getuid ? process.getuid() : -1;
              return `Hello, ${name} (uid ${uid}, ${process.env.NODE_ENV}, ${ms(2000)})`;
            }
            """);
        root.WriteFile("svc/src/server.ts", """
            import { createServer } from "node:http";
            import { greet } from "./greeting";
            const server = createServer((_req, res) => { res.end(greet("containers")); });
            server.listen(3000);
            process.on("SIGTERM", () => server.close(() => process.exit(0)));
            """);
        root.WriteFile("svc/test/greeting.test.js", $$"""
            const { test } = require("uvu");
            const assert = require("uvu/assert");
            const { greet } = require("../dist/greeting");
            test("greets in the other language", () => {
              assert.ok(greet("x").startsWith({{(passingTests ? "\"Hello\"" : "\"Bonjour\"")}}));
            });
            test.run();
            """);
        var lockFile = ProcessRunner.Run("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], Path.Combine(root.Root, "svc"), new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
        Assert.IsTrue(lockFile.Succeeded, lockFile.ToString());
    }
}
