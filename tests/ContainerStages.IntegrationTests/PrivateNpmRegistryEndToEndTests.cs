using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// A Node.js app whose dependency comes from a token-protected npm registry on loopback, its .npmrc
/// naming the token as ${CSTG_TEST_NPM_TOKEN}: the install inside the build (prod-deps; deps takes the
/// same step when an app has a build or tests) gets the token as a BuildKit secret, and it is in no
/// layer of that stage or the runtime, no history or config, no file of the context, log or binlog.
/// </summary>
[TestClass]
public sealed class PrivateNpmRegistryEndToEndTests
{
    private const string TokenVariable = "CSTG_TEST_NPM_TOKEN";

    [TestMethod]
    public void A_registry_token_from_the_environment_reaches_the_installs_and_nothing_else()
    {
        TestEnvironment.RequireEngine();
        using var registry = new PrivateNpmRegistry();
        using var root = TestProjectRoot.Create("npmprivate");
        root.WriteFile("svc/Service.csproj", $"""
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ContainerStages" Version="{TestEnvironment.PackageVersion}" />
              </ItemGroup>
            </Project>
            """);
        root.WriteFile("svc/package.json", $$"""
            {
              "name": "private-deps",
              "version": "1.0.0",
              "private": true,
              "main": "server.js",
              "dependencies": { "{{registry.PackageName}}": "1.0.0" }
            }
            """);
        root.WriteFile("svc/server.js", $"console.log(require('{registry.PackageName}'));\n");
        root.WriteFile("svc/.npmrc", $"{PrivateNpmRegistry.Scope}:registry={registry.RegistryUrl}\n//127.0.0.1:{registry.Port}/:_authToken=${{" + TokenVariable + "}\n");
        var environment = new Dictionary<string, string?> { [TokenVariable] = registry.Token };

        // The lock file, as a developer makes it with the token on their machine.
        var lockFile = ProcessRunner.Run("npm", ["install", "--package-lock-only", "--ignore-scripts"], Path.Combine(root.Root, "svc"), environment);
        Assert.IsTrue(lockFile.Succeeded, lockFile.ToString());

        var publish = Publish(root, environment, "runtime");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        StringAssert.Contains(root.ReadFile("svc/Dockerfile"), "--mount=type=secret,id=npm-credentials,required=true", "The installs mount no credentials.");
        StringAssert.Contains(publish.Output, "CSTG1102: The build asked its session for the secret 'npm-credentials'", publish.ToString());
        Assert.IsGreaterThanOrEqualTo(1, registry.AuthorizedDownloads, "The package was not downloaded with the token.");
        string runtime = TestProjectRoot.ParseBuiltMessage(publish).Reference;
        var run = DockerCli.Run("run", "--rm", runtime);
        Assert.AreEqual("from the private npm registry", run.Output.Trim(), run.ToString());

        // Without a build script or tests the app has no 'deps' stage: prod-deps is its one install.
        var prodDeps = Publish(root, environment, "prod-deps");
        Assert.IsTrue(prodDeps.Succeeded, prodDeps.ToString());

        SecretScan.AssertNotInImage(TestProjectRoot.ParseBuiltMessage(prodDeps).Reference, StandInImages.NodeBuild, registry.Token);
        SecretScan.AssertNotInImage(runtime, StandInImages.NodeRuntime, registry.Token);
        foreach (var result in new[] { publish, prodDeps })
        {
            SecretScan.AssertNotInLog(result, registry.Token);
        }

        SecretScan.AssertNotInFolder(root.Root, registry.Token);
    }

    private static ProcessResult Publish(TestProjectRoot root, Dictionary<string, string?> environment, string target) =>
        root.DotNet(
            [
                "publish", "svc/Service.csproj",
                "-p:ContainerStages=true",
                "-p:ContainerStagesNetwork=host",
                $"-p:ContainerStagesTarget={target}",
                $"-p:ContainerBaseImage={StandInImages.NodeRuntime}",
                $"-p:ContainerStagesSdkImage={StandInImages.NodeBuild}",
                $"-p:ContainerRepository={root.Image("npm-" + target)}",
            ],
            environment,
            "diag");
}
