using ContainerStages.Inputs;
using ContainerStages.Planning;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Stacks.Node;

/// <summary>The Node.js branch of <see cref="BuildPlanner.Plan"/>, on apps in a temp tree.</summary>
[TestClass]
public sealed class NodeBuildPlannerTests
{
    private static (ProjectDescription Project, ContainerSettings Settings) NodeApp(TempTree tree, string packageJson, params string[] files)
    {
        string project = tree.WriteFile("svc/Svc.csproj", "<Project Sdk=\"Microsoft.Build.NoTargets/3.7.0\" />");
        tree.WriteFile("svc/package.json", packageJson);
        foreach (string file in files)
        {
            tree.WriteFile("svc/" + file, "{}");
        }

        return (
            new ProjectDescription
            {
                ProjectPath = project,
                AssetsFilePath = Path.Combine(tree.Root, "svc/obj/project.assets.json"),
                AssemblyName = "Svc",
                TargetFileName = "Svc.dll",
                TargetFrameworkVersion = "v10.0",
                OutputType = "Library",
                Configuration = "Release",
                Version = "1.0.0",
                NodeAppDirectory = tree.FullPath("svc"),
            },
            new ContainerSettings { DockerfilePath = tree.FullPath("svc/Dockerfile"), Target = "runtime" });
    }

    private const string TypeScript = """
        { "name": "@shop/orders", "version": "2.1.0", "engines": { "node": "^20.0.0" },
          "scripts": { "build": "tsc", "test": "node --test dist/", "start": "node dist/server.js" } }
        """;

    [TestMethod]
    public void Plan_TypeScriptServiceWithTests_HasEveryStageAndNodeImages()
    {
        using var tree = new TempTree();
        var (project, settings) = NodeApp(tree, TypeScript, "package-lock.json");

        var plan = BuildPlanner.Plan(project, settings with { RunTests = true });

        CollectionAssert.AreEqual(new[] { "deps", "sources", "build", "test", "prod-deps", "runtime" }, plan.Stages.ToArray());
        Assert.AreEqual("node:20-bookworm", plan.SdkImage);
        Assert.AreEqual("node:20-bookworm-slim", plan.BaseImage);
        Assert.AreEqual("shop/orders", plan.Repository);
        CollectionAssert.AreEqual(new[] { "2.1.0" }, plan.Tags.ToArray());
        Assert.AreEqual(tree.FullPath("svc"), plan.ContextDirectory);
        CollectionAssert.AreEqual(new[] { "package-lock.json", "package.json" }, plan.RestoreInputFiles.ToArray());
        Assert.AreEqual(0, plan.Warnings.Count);
        StringAssert.Contains(plan.GeneratedDockerfile, "COPY --from=build [\"/src/dist\", \"./dist\"]");
        Assert.IsFalse(plan.BuildArgs.ContainsKey("BUILD_CONFIGURATION"), "Nothing in a Node.js Dockerfile reads it.");
    }

    [TestMethod]
    public void Plan_NoLockFileAndNpmInitTestScript_WarnsTwiceAndSkipsTests()
    {
        using var tree = new TempTree();
        var (project, settings) = NodeApp(tree, """{ "scripts": { "test": "echo \"Error: no test specified\" && exit 1" } }""");

        var plan = BuildPlanner.Plan(project, settings with { RunTests = true });

        CollectionAssert.AreEqual(new[] { "NodeLockFileMissing", "NodeTestScriptMissing" }, plan.Warnings.Select(w => w.Resource).ToArray());
        CollectionAssert.AreEqual(new[] { "sources", "prod-deps", "runtime" }, plan.Stages.ToArray());
        StringAssert.Contains(plan.GeneratedDockerfile, "npm install --omit=dev");
    }

    [TestMethod]
    public void Plan_BuildScriptAndEntryBesidePackageJson_AsksForTheOutput()
    {
        using var tree = new TempTree();
        var (project, settings) = NodeApp(tree, """{ "scripts": { "build": "tsc", "start": "node server.js" } }""", "package-lock.json");

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => BuildPlanner.Plan(project, settings));
        Assert.AreEqual("NodeOutputUnknown", error.ResourceName);

        var plan = BuildPlanner.Plan(project, settings with { NodeOutputPaths = ["./server.js", "lib/"] });
        StringAssert.Contains(plan.GeneratedDockerfile, "COPY --from=build [\"/src/server.js\", \"./server.js\"]");
        StringAssert.Contains(plan.GeneratedDockerfile, "COPY --from=build [\"/src/lib\", \"./lib\"]");
    }

    [TestMethod]
    public void Plan_OutputOutsideTheApp_IsRefused()
    {
        using var tree = new TempTree();
        var (project, settings) = NodeApp(tree, TypeScript, "package-lock.json");

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => BuildPlanner.Plan(project, settings with { NodeOutputPaths = ["../secrets"] }));
        Assert.AreEqual("NodeOutputInvalid", error.ResourceName);
    }

    [TestMethod]
    public void Plan_MissingPackageJson_IsRefused()
    {
        using var tree = new TempTree();
        var (project, settings) = NodeApp(tree, TypeScript);
        File.Delete(tree.FullPath("svc/package.json"));

        Assert.AreEqual("NodePackageJsonMissing", Assert.ThrowsExactly<ContainerStagesException>(() => BuildPlanner.Plan(project, settings)).ResourceName);
    }

    [TestMethod]
    public void Plan_ContextAboveTheApp_CopiesFromItsFolderAndDistrolessFamily()
    {
        using var tree = new TempTree();
        var (project, settings) = NodeApp(tree, TypeScript, "package-lock.json");

        var plan = BuildPlanner.Plan(project, settings with { ContextDirectory = tree.Root, Family = "distroless" });

        Assert.AreEqual("gcr.io/distroless/nodejs20-debian12", plan.BaseImage);
        StringAssert.Contains(plan.GeneratedDockerfile, "COPY [\"svc/package-lock.json\", \"svc/package.json\", \"./\"]");
        StringAssert.Contains(plan.GeneratedDockerfile, "COPY [\"svc/\", \"./\"]");
        CollectionAssert.AreEqual(new[] { "svc/package-lock.json", "svc/package.json" }, plan.RestoreInputFiles.ToArray());
    }

    [TestMethod]
    public void Plan_ComplexStartScript_WarnsAndStartsMain()
    {
        using var tree = new TempTree();
        var (project, settings) = NodeApp(tree, """{ "main": "app.js", "scripts": { "start": "node app.js | pino-pretty" } }""", "package-lock.json");

        var plan = BuildPlanner.Plan(project, settings);

        Assert.AreEqual("NodeStartScriptNotSimple", plan.Warnings.Single().Resource);
        StringAssert.Contains(plan.GeneratedDockerfile, "ENTRYPOINT [\"node\", \"app.js\"]");
    }

    [TestMethod]
    public void Plan_Labels_ComeFromPackageJsonUnlessAContainerPropertySaysOtherwise()
    {
        using var tree = new TempTree();
        var (project, settings) = NodeApp(tree, """
            { "name": "@shop/orders", "version": "2.1.0", "description": "Takes orders.",
              "scripts": { "build": "tsc", "start": "node dist/server.js" } }
            """, "package-lock.json");

        string dockerfile = BuildPlanner.Plan(project, settings with { UnderSourceControl = true, HasSourceUrl = true }).GeneratedDockerfile!;

        StringAssert.Contains(dockerfile, "LABEL \"org.opencontainers.image.version\"=\"2.1.0\"\n");
        StringAssert.Contains(dockerfile, "LABEL \"org.opencontainers.image.title\"=\"@shop/orders\"\n");
        StringAssert.Contains(dockerfile, "LABEL \"org.opencontainers.image.description\"=\"Takes orders.\"\n");
        StringAssert.EndsWith(dockerfile,
            "ENTRYPOINT [\"node\", \"dist/server.js\"]\n"
            + "# Set per build: after every layer, so a new time or commit never invalidates a cached step.\n"
            + "ARG CONTAINERSTAGES_IMAGE_CREATED\nARG CONTAINERSTAGES_IMAGE_SOURCE\nARG CONTAINERSTAGES_IMAGE_REVISION\n"
            + "LABEL \"org.opencontainers.image.created\"=\"${CONTAINERSTAGES_IMAGE_CREATED}\"\n"
            + "LABEL \"org.opencontainers.image.source\"=\"${CONTAINERSTAGES_IMAGE_SOURCE}\"\n"
            + "LABEL \"org.opencontainers.image.revision\"=\"${CONTAINERSTAGES_IMAGE_REVISION}\"\n");

        string overridden = BuildPlanner.Plan(project, settings with { LabelVersion = "9.9.9", LabelTitle = "Orders", UnderSourceControl = true }).GeneratedDockerfile!;
        StringAssert.Contains(overridden, "LABEL \"org.opencontainers.image.version\"=\"9.9.9\"\n");
        StringAssert.Contains(overridden, "LABEL \"org.opencontainers.image.title\"=\"Orders\"\n");
        Assert.DoesNotContain("image.source", overridden, "No URL, no source label (never an empty one).");
        StringAssert.Contains(overridden, "ARG CONTAINERSTAGES_IMAGE_REVISION\n");

        string none = BuildPlanner.Plan(project, settings with { GenerateLabels = false, UnderSourceControl = true, HasSourceUrl = true }).GeneratedDockerfile!;
        Assert.DoesNotContain("LABEL", none);
        Assert.DoesNotContain("ARG CONTAINERSTAGES_", none);
    }
}
