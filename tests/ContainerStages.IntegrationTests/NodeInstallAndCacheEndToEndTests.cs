using System.Text.RegularExpressions;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// A TypeScript service as real repositories have it: husky's "prepare" script with husky a dev
/// dependency, a production dependency with an install script (esbuild's postinstall puts its native
/// binary in place of a JavaScript stub), jest tests, a git clone whose origin is a local path. It is
/// published, then published again with the test stage switched on.
/// </summary>
[TestClass]
public sealed partial class NodeInstallAndCacheEndToEndTests
{
    private static TestProjectRoot s_root = null!;
    private static ProcessResult s_first = null!;
    private static ProcessResult s_withTests = null!;
    private static string s_image = null!;
    private static string s_head = null!;
    private static string s_firstDockerfile = null!;

    [ClassInitialize]
    public static void PublishTwice(TestContext _)
    {
        TestEnvironment.RequireEngine();
        s_root = TestProjectRoot.Create("node-lifecycle");
        WriteService(s_root);
        s_root.WriteFile(".gitignore", "node_modules/\nobj/\nbin/\n");
        Git("init", "-q");
        Git("remote", "add", "origin", Path.Combine(Path.GetTempPath(), "a-local-mirror.git"));
        Git("add", "-A");
        Git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "First");
        s_head = Git("rev-parse", "HEAD");
        s_image = s_root.Image("catalog");

        s_first = Publish("-p:ContainerImageTag=first");
        s_firstDockerfile = s_root.ReadFile("svc/Dockerfile");
        s_withTests = Publish("-p:ContainerImageTag=tested", "-p:ContainerStagesTest=true");
    }

    [ClassCleanup]
    public static void RemoveEverything() => s_root?.Dispose();

    [TestMethod]
    public async Task Husky_prepare_is_skipped_and_the_production_install_script_ran()
    {
        Assert.IsTrue(s_first.Succeeded, s_first.ToString());
        Assert.DoesNotContain("husky: not found", s_first.Output);

        // esbuild's postinstall replaces bin/esbuild, a node script, with the platform's ELF binary.
        var head = DockerCli.Run("run", "--rm", "--entrypoint", "head", $"{s_image}:first", "-c", "4", "/app/node_modules/esbuild/bin/esbuild");
        Assert.IsTrue(head.Succeeded, head.ToString());
        Assert.AreEqual("\u007FELF", head.Output.Trim(), "esbuild's install script did not run in the production install.");

        var husky = DockerCli.Run("run", "--rm", "--entrypoint", "ls", $"{s_image}:first", "/app/node_modules");
        Assert.IsTrue(husky.Succeeded, husky.ToString());
        Assert.DoesNotContain("husky", husky.Output, "A dev dependency reached the image.");

        string container = s_root.StartContainer($"{s_image}:first", "-p", "127.0.0.1::3000");
        int port = HttpProbe.HostPort(container, 3000);
        var (status, body) = await HttpProbe.GetAsync($"http://127.0.0.1:{port}/", container);
        Assert.AreEqual(200, status);
        Assert.AreEqual("let answer = 42;", body.Trim(), "The app transforms TypeScript with the production dependency at run time.");
    }

    [TestMethod]
    public void Switching_the_test_stage_on_leaves_the_install_and_the_build_cached()
    {
        Assert.IsTrue(s_first.Succeeded, s_first.ToString());
        Assert.IsTrue(s_withTests.Succeeded, s_withTests.ToString());
        Assert.AreNotEqual(s_firstDockerfile, s_root.ReadFile("svc/Dockerfile"), "The test stage should have changed the Dockerfile.");

        Assert.IsTrue(StepWasCached(s_withTests, "[build ", "npm run build"), "The app's build ran again with no change to its sources.\n" + s_withTests);
        Assert.IsTrue(StepWasCached(s_withTests, "[deps ", "npm ci"), "The install ran again.\n" + s_withTests);
        Assert.IsFalse(StepWasCached(s_withTests, "[test ", "npm test"), "The tests never ran.\n" + s_withTests);
    }

    [TestMethod]
    public void Image_carries_the_oci_labels_and_no_empty_source()
    {
        Assert.IsTrue(s_first.Succeeded, s_first.ToString());
        var labels = DockerCli.InspectImage($"{s_image}:first").GetProperty("Config").GetProperty("Labels");
        string Label(string name) => labels.TryGetProperty(name, out var value) ? value.GetString()! : $"(no {name})";

        Assert.AreEqual("3.4.5", Label("org.opencontainers.image.version"));
        Assert.AreEqual("catalog", Label("org.opencontainers.image.title"));
        Assert.AreEqual("Lists the catalog.", Label("org.opencontainers.image.description"));
        Assert.AreEqual(s_head, Label("org.opencontainers.image.revision"));
        Assert.IsTrue(DateTimeOffset.TryParse(Label("org.opencontainers.image.created"), System.Globalization.CultureInfo.InvariantCulture, out _), Label("org.opencontainers.image.created"));
        Assert.IsFalse(labels.TryGetProperty("org.opencontainers.image.source", out var source), $"origin is a local path, yet the image has a source label: '{source}'");
    }

    private static ProcessResult Publish(params string[] extra) =>
        s_root.DotNet(
        [
            "publish", "svc/Catalog.csproj",
            "-p:ContainerStages=true",
            $"-p:ContainerBaseImage={StandInImages.NodeRuntime}",
            $"-p:ContainerStagesSdkImage={StandInImages.NodeBuild}",
            $"-p:ContainerRepository={s_image}",
            .. extra,
        ]);

    internal static bool StepWasCached(ProcessResult publish, string stepPrefix, string containing)
    {
        var start = StepStart().Matches(publish.Output)
            .FirstOrDefault(m => m.Groups[2].Value.StartsWith(stepPrefix, StringComparison.Ordinal) && m.Groups[2].Value.Contains(containing, StringComparison.Ordinal));
        Assert.IsNotNull(start, $"No '{stepPrefix}' RUN step with '{containing}' in the output.\n" + publish);
        return Regex.IsMatch(publish.Output, $@"CSTG1008: #{start.Groups[1].Value} CACHED");
    }

    [GeneratedRegex(@"CSTG1008: #(\d+) (\[[^\]]+\] RUN .*)$", RegexOptions.Multiline)]
    private static partial Regex StepStart();

    private static string Git(params string[] arguments)
    {
        var result = ProcessRunner.Run("git", arguments, s_root.Root);
        Assert.IsTrue(result.Succeeded, result.ToString());
        return result.Output.Trim();
    }

    private static void WriteService(TestProjectRoot root)
    {
        root.WriteFile("svc/Catalog.csproj", $"""
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
              "name": "catalog",
              "version": "3.4.5",
              "description": "Lists the catalog.",
              "private": true,
              "main": "dist/server.js",
              "scripts": {
                "prepare": "husky",
                "build": "tsc -p tsconfig.json",
                "test": "jest",
                "start": "node dist/server.js"
              },
              "dependencies": { "esbuild": "0.24.0" },
              "devDependencies": { "husky": "9.1.7", "typescript": "5.6.3", "@types/node": "20.17.6", "jest": "29.7.0" }
            }
            """);
        root.WriteFile("svc/tsconfig.json", """
            { "compilerOptions": { "target": "es2022", "module": "commonjs", "rootDir": "src", "outDir": "dist", "strict": true, "types": ["node"] } }
            """);
        root.WriteFile("svc/src/server.ts", """
            import { createServer } from "node:http";
            const esbuild: { transformSync(code: string, options: { loader: string }): { code: string } } = require("esbuild");
            const server = createServer((_req, res) => { res.end(esbuild.transformSync("let answer: number = 42", { loader: "ts" }).code); });
            server.listen(3000);
            process.on("SIGTERM", () => server.close(() => process.exit(0)));
            """);
        // Unique to this run, so that neither the build nor the tests come from an earlier run's cache.
        root.WriteFile("svc/src/run.ts", $"export const run = \"{root.Id}\";\n");
        root.WriteFile("svc/test/catalog.test.js", """
            test("lists the catalog", () => { expect(["a", "b"]).toHaveLength(2); });
            """);
        var lockFile = ProcessRunner.Run("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], Path.Combine(root.Root, "svc"), new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
        Assert.IsTrue(lockFile.Succeeded, lockFile.ToString());
    }
}
