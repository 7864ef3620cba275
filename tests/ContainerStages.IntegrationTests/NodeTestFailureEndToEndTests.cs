using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// A failing jest test whose runner forces colour (jest --colors ignores FORCE_COLOR=0): the publish
/// error names the test and quotes its assertion, and no escape character reaches the log.
/// </summary>
[TestClass]
public sealed class NodeTestFailureEndToEndTests
{
    [TestMethod]
    public void Failing_jest_test_is_named_with_its_assertion_message_and_no_escape_character()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("node-jest-failing");
        root.WriteFile("app/Prices.csproj", $"""
            <Project Sdk="Microsoft.Build.NoTargets/3.7.0">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ContainerStages" Version="{TestEnvironment.PackageVersion}" />
              </ItemGroup>
            </Project>
            """);
        root.WriteFile("app/package.json", """
            {
              "name": "prices",
              "version": "1.0.0",
              "private": true,
              "scripts": { "test": "jest --colors", "start": "node server.js" },
              "devDependencies": { "jest": "29.7.0" }
            }
            """);
        root.WriteFile("app/server.js", """
            require("node:http").createServer((_req, res) => res.end(String(require("./price").price()))).listen(3000);
            """);
        root.WriteFile("app/price.js", "exports.price = () => 41;\n");
        root.WriteFile("app/price.test.js", """
            const { price } = require("./price");
            describe("price", () => {
              test("is the catalog price", () => { expect(price()).toBe(42); });
              test("is positive", () => { expect(price()).toBeGreaterThan(0); });
            });
            """);
        var lockFile = ProcessRunner.Run("npm", ["install", "--package-lock-only", "--ignore-scripts", "--no-audit", "--no-fund"], Path.Combine(root.Root, "app"), new Dictionary<string, string?>(), TimeSpan.FromMinutes(5));
        Assert.IsTrue(lockFile.Succeeded, lockFile.ToString());
        string image = root.Image("prices");

        var publish = root.DotNet(
        [
            "publish", "app/Prices.csproj",
            "-p:ContainerStages=true", "-p:ContainerStagesTest=true",
            $"-p:ContainerBaseImage={StandInImages.NodeRuntime}",
            $"-p:ContainerStagesSdkImage={StandInImages.NodeBuild}",
            $"-p:ContainerRepository={image}", "-p:ContainerImageTag=red",
        ], verbosity: "d");

        Assert.IsFalse(publish.Succeeded, publish.ToString());
        string[] lines = publish.Output.Split('\n');
        int error = Array.FindIndex(lines, l => l.Contains("error CSTG0067:", StringComparison.Ordinal));
        Assert.IsTrue(error >= 0, publish.ToString());
        string report = string.Join("\n", lines.Skip(error).Take(6));
        StringAssert.Contains(report, "price › is the catalog price", report);
        StringAssert.Contains(report, "Expected: 42", report);
        StringAssert.Contains(report, "Received: 41", report);
        Assert.DoesNotContain("is positive", report, "A passing test was named.");
        // Detailed verbosity: every line the build printed is in this log.
        StringAssert.Contains(publish.Output, "1 failed, 1 passed", "The runner's own lines should be in the log.");
        Assert.DoesNotContain('\u001B', publish.Output, "A terminal escape reached the log.");
        Assert.IsFalse(DockerCli.ImageExists($"{image}:red"), "A failed test run tagged an image.");
        Console.WriteLine(report);
    }
}
