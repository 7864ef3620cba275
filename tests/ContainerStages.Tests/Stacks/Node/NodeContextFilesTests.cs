using ContainerStages.Context;
using ContainerStages.Inputs;
using ContainerStages.Planning;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Stacks.Node;

/// <summary>What a Node.js app's build leaves out of its sources and its .dockerignore.</summary>
[TestClass]
public sealed class NodeContextFilesTests
{
    private const string TypeScript = """
        { "name": "orders", "scripts": { "build": "tsc", "test": "jest", "start": "node dist/server.js" } }
        """;

    private static (ProjectDescription, ContainerSettings) App(TempTree tree, string packageJson = TypeScript)
    {
        string project = tree.WriteFile("svc/Orders.csproj", "<Project Sdk=\"Microsoft.Build.NoTargets/3.7.0\" />");
        tree.WriteFile("svc/package.json", packageJson);
        tree.WriteFile("svc/package-lock.json", "{}");
        return (
            new ProjectDescription
            {
                ProjectPath = project,
                AssetsFilePath = tree.FullPath("svc/obj/project.assets.json"),
                AssemblyName = "Orders",
                TargetFileName = "Orders.dll",
                TargetFrameworkVersion = "v10.0",
                OutputType = "Library",
                Configuration = "Release",
                Version = "1.0.0",
                NodeAppDirectory = tree.FullPath("svc"),
            },
            new ContainerSettings { DockerfilePath = tree.FullPath("svc/Dockerfile"), Target = "runtime" });
    }

    [TestMethod]
    public void Plan_AppOwnsItsContext_SourcesLeaveOutTheBuildDescriptionAndIgnoreNuGetAndOutput()
    {
        using var tree = new TempTree();
        var (project, settings) = App(tree);
        tree.WriteFile("svc/NuGet.config", """
            <configuration><packageSources>
              <add key="vendored" value="vendor\nuget" />
              <add key="public" value="https://packages.example.test/v3/index.json" />
              <add key="outside" value="../feed" />
            </packageSources></configuration>
            """);

        var plan = BuildPlanner.Plan(project, settings);

        StringAssert.Contains(plan.GeneratedDockerfile, "FROM node:24-bookworm AS sources\nWORKDIR /src\nCOPY . .\n");
        StringAssert.Contains(plan.GeneratedDockerfile, "RUN rm -f Dockerfile .dockerignore Orders.csproj\n");
        StringAssert.Contains(plan.GeneratedDockerfile, "FROM deps AS build\nCOPY --from=sources /src/ ./\nRUN npm run build\n");
        Assert.IsFalse(plan.GeneratedDockerfile!.Contains("COPY . .\nRUN npm", StringComparison.Ordinal), "The build must not copy the context itself.");

        var rules = DockerIgnoreRules.Parse(plan.DockerIgnoreText!);
        foreach (string path in new[] { "Orders.csproj", "Dockerfile", "NuGet.config", "vendor/nuget/x.1.0.0.nupkg", "global.json", "Directory.Build.props", "dist/server.js", "obj/project.assets.json" })
        {
            Assert.IsTrue(rules.IsExcluded(path), path);
        }

        foreach (string path in new[] { "package.json", "package-lock.json", "src/server.ts", "tsconfig.json", ".dockerignore" })
        {
            Assert.IsFalse(rules.IsExcluded(path), path);
        }
    }

    [TestMethod]
    public void Plan_OutputThatIsNotABuildFolder_StaysInTheContext()
    {
        using var tree = new TempTree();
        var (project, settings) = App(tree, """{ "scripts": { "build": "webpack", "start": "node src/index.js" } }""");

        var plan = BuildPlanner.Plan(project, settings);

        var rules = DockerIgnoreRules.Parse(plan.DockerIgnoreText!);
        Assert.IsFalse(rules.IsExcluded("src/index.js"), "src holds the app's sources; only build tools' output folders are left out.");
    }

    [TestMethod]
    public void Plan_ContextSharedWithOtherApps_KeepsTheSharedDefaultsAndCopiesTheAppFolder()
    {
        using var tree = new TempTree();
        var (project, settings) = App(tree);

        var plan = BuildPlanner.Plan(project, settings with { ContextDirectory = tree.Root });

        Assert.IsNull(plan.DockerIgnoreText, "Two apps in one context must not write its .dockerignore differently.");
        StringAssert.Contains(plan.GeneratedDockerfile, "COPY [\"svc/\", \"./\"]\n");
        StringAssert.Contains(plan.GeneratedDockerfile, "RUN rm -f Dockerfile Orders.csproj\n");
    }

    [TestMethod]
    public void Plan_DockerfileOutsideTheApp_IsNotRemovedFromIt()
    {
        using var tree = new TempTree();
        var (project, settings) = App(tree);

        var plan = BuildPlanner.Plan(project, settings with { DockerfilePath = tree.FullPath("docker/orders.Dockerfile") });

        StringAssert.Contains(plan.GeneratedDockerfile, "RUN rm -f .dockerignore Orders.csproj\n");
    }
}
