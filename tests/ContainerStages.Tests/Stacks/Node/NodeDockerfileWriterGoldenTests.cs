using ContainerStages.Stacks.DotNet;
using ContainerStages.Stacks.Node;
using ContainerStages.Tests.Dockerfile;
using ContainerStages.Tests.Stacks.DotNet;

namespace ContainerStages.Tests.Stacks.Node;

/// <summary>The generated Node.js Dockerfiles, compared with the reviewed files in Golden/Node/.</summary>
[TestClass]
public sealed class NodeDockerfileWriterGoldenTests
{
    private static NodeDockerfileSpec TypeScriptService => new()
    {
        ProjectFileName = "Orders.csproj",
        BuildImage = "node:20-bookworm",
        BaseImage = "node:20-bookworm-slim",
        Commands = NodePackageManagerCommands.For(NodePackageManager.Npm, hasLockFile: true),
        InstallInputs = ["package-lock.json", "package.json"],
        BuildDescriptionFiles = ["Dockerfile", ".dockerignore", "Orders.csproj"],
        BuildScript = "build",
        RunTests = true,
        OutputPaths = ["dist"],
        Command = ["node", "dist/server.js"],
        WorkingDirectory = "/app",
        Image = new ContainerStages.Dockerfile.ImageSettings
        {
            Ports = [new ContainerStages.Dockerfile.ContainerPort(3000, "tcp")],
            Labels = [KeyValuePair.Create("org.opencontainers.image.version", "2.1.0"), KeyValuePair.Create("org.opencontainers.image.title", "@shop/orders")],
            BuildArgumentLabels = ContainerStages.Labels.ImageLabels.BuildTimeLabels(underSourceControl: true, hasSourceUrl: true),
        },
    };

    [TestMethod]
    public void Write_TypeScriptServiceWithTests_MatchesGolden() =>
        GoldenFile.AssertMatches("Node/TypeScriptService.Dockerfile", NodeDockerfileWriter.Write(TypeScriptService));

    [TestMethod]
    public void Write_PlainJavaScriptApp_HasNoBuildStage() =>
        GoldenFile.AssertMatches("Node/PlainJavaScript.Dockerfile", NodeDockerfileWriter.Write(TypeScriptService with
        {
            BuildScript = null,
            RunTests = false,
            OutputPaths = [],
            Command = ["node", "server.js"],
            Image = TypeScriptService.Image with { Ports = [] },
        }));

    [TestMethod]
    public void Write_PnpmAppInSubfolderOfContext_MatchesGolden() =>
        GoldenFile.AssertMatches("Node/PnpmInSubfolder.Dockerfile", NodeDockerfileWriter.Write(TypeScriptService with
        {
            AppDirectory = "web/api",
            Commands = NodePackageManagerCommands.For(NodePackageManager.Pnpm, hasLockFile: true),
            InstallInputs = ["package.json", "pnpm-lock.yaml"],
            RunTests = false,
            OutputPaths = ["dist", "views"],
        }));

    [TestMethod]
    public void Write_DistrolessRuntime_HasNoShellStepAndStartsItsOwnNode()
    {
        string text = NodeDockerfileWriter.Write(TypeScriptService with
        {
            BaseImage = "gcr.io/distroless/nodejs20-debian12",
            Distroless = true,
            Commands = NodePackageManagerCommands.For(NodePackageManager.Yarn, hasLockFile: true),
            InstallInputs = ["package.json", "yarn.lock"],
        });
        GoldenFile.AssertMatches("Node/Distroless.Dockerfile", text);

        string runtime = text[text.IndexOf("AS runtime", StringComparison.Ordinal)..];
        Assert.IsFalse(runtime.Contains("RUN ", StringComparison.Ordinal), "A shell-less runtime cannot RUN anything.");
        StringAssert.Contains(runtime, "ENTRYPOINT [\"/nodejs/bin/node\", \"dist/server.js\"]");
        StringAssert.Contains(runtime, "USER 65532");
    }

    [TestMethod]
    public void Write_AppWithHuskyPrepare_TakesItOutOfBothInstallsOnly()
    {
        string text = NodeDockerfileWriter.Write(TypeScriptService with { AppPrepareScripts = ["prepare"] });
        GoldenFile.AssertMatches("Node/HuskyPrepare.Dockerfile", text);

        // Both installs see package.json and the lock file only; the build stage still runs the build itself.
        Assert.AreEqual(2, text.Split("npm pkg delete scripts.prepare && npm ci", StringSplitOptions.None).Length - 1, text);
        StringAssert.Contains(text, "npm pkg delete scripts.prepare && npm ci --omit=dev");
    }

    [TestMethod]
    public void InstallStep_PerPackageManager_RunsSetupThenDropsPrepareThenInstalls()
    {
        string[] prepare = ["preprepare", "prepare"];
        Assert.AreEqual("npm ci --omit=dev", NodePackageManagerCommands.For(NodePackageManager.Npm, hasLockFile: true).InstallStep("npm ci --omit=dev", []));
        Assert.AreEqual(
            "corepack enable pnpm && npm pkg delete scripts.preprepare scripts.prepare && pnpm install --frozen-lockfile --prod",
            NodePackageManagerCommands.For(NodePackageManager.Pnpm, hasLockFile: true).InstallStep("pnpm install --frozen-lockfile --prod", prepare));
        Assert.AreEqual(
            "npm pkg delete scripts.preprepare scripts.prepare && yarn install --frozen-lockfile",
            NodePackageManagerCommands.For(NodePackageManager.Yarn, hasLockFile: true).InstallStep("yarn install --frozen-lockfile", prepare));

        // Yarn 2+ never runs the project's own prepare script on install.
        Assert.AreEqual(
            "corepack enable yarn && yarn install --immutable",
            NodePackageManagerCommands.For(NodePackageManager.YarnBerry, hasLockFile: true).InstallStep("yarn install --immutable", prepare));
    }

    [TestMethod]
    public void Stages_FollowBuildScriptAndTests()
    {
        CollectionAssert.AreEqual(new[] { "deps", "sources", "build", "test", "prod-deps", "runtime" }, NodeStages.For(TypeScriptService).ToArray());
        CollectionAssert.AreEqual(new[] { "sources", "prod-deps", "runtime" }, NodeStages.For(TypeScriptService with { BuildScript = null, RunTests = false }).ToArray());
        CollectionAssert.AreEqual(new[] { "deps", "sources", "test", "prod-deps", "runtime" }, NodeStages.For(TypeScriptService with { BuildScript = null }).ToArray());
    }

    [TestMethod]
    public void Write_WebApiWithSpaFrontEnd_BuildsItBesideDotNetAndCopiesItIntoWwwroot()
    {
        var spec = GoldenSpecs.WebApi with
        {
            ContributedStages =
            [
                new(NodeStages.Spa, "the JavaScript front end, built", NodeDockerfileWriter.WriteSpaStage(new SpaSpec
                {
                    Directory = "src/App/ClientApp",
                    Image = "node:22-bookworm",
                    Commands = NodePackageManagerCommands.For(NodePackageManager.Npm, hasLockFile: true),
                    InstallInputs = ["package-lock.json", "package.json"],
                    OutputPath = "dist",
                }), NodeDockerfileWriter.SpaOutputDirectory, []),
            ],
        };

        GoldenFile.AssertMatches("Node/WebApiWithSpa.Dockerfile", ContainerStages.Stacks.DotNet.DotNetDockerfileWriter.Write(spec));
        CollectionAssert.AreEqual(new[] { "restore", "sources", "publish", "spa", "runtime-base", "runtime-with-publish", "runtime-with-host-publish", "runtime" }, ContainerStages.Stacks.DotNet.DotNetStages.For(spec).ToArray());
    }
}
