using ContainerStages.Inputs;
using ContainerStages.Planning;
using ContainerStages.Stacks.Node;
using ContainerStages.Tests.Dockerfile;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Stacks.Node;

/// <summary>Apps that are members of an npm, Yarn or pnpm workspace (a monorepo with one lock file at its root).</summary>
[TestClass]
public sealed class NodeWorkspaceTests
{
    private static void Member(TempTree tree, string folder, string name) =>
        tree.WriteFile(folder + "/package.json", $$"""{ "name": "{{name}}", "version": "1.0.0" }""");

    [TestMethod]
    public void Find_NpmWorkspacesWithGlobs_ListsEveryMemberAndSkipsExclusions()
    {
        using var tree = new TempTree();
        tree.WriteFile("package.json", """{ "name": "mono", "private": true, "workspaces": ["apps/*", "packages/**", "!packages/legacy"] }""");
        Member(tree, "apps/api", "api");
        Member(tree, "apps/worker", "worker");
        tree.CreateFolder("apps/docs");
        Member(tree, "packages/shared", "shared");
        Member(tree, "packages/ui/button", "button");
        Member(tree, "packages/legacy", "legacy");
        Member(tree, "packages/shared/node_modules/dep", "dep");

        var workspace = NodeWorkspace.Find(tree.FullPath("apps/api"));

        Assert.IsNotNull(workspace);
        Assert.AreEqual(Path.TrimEndingDirectorySeparator(tree.Root), Path.TrimEndingDirectorySeparator(workspace.RootDirectory));
        CollectionAssert.AreEqual(new[] { "apps/api", "apps/worker", "packages/shared", "packages/ui/button" }, workspace.Members.ToArray());
    }

    [TestMethod]
    public void Find_YarnPackagesObjectAndPnpmWorkspaceYaml_AreRead()
    {
        using var tree = new TempTree();
        tree.WriteFile("yarn/package.json", """{ "private": true, "workspaces": { "packages": ["services/*"], "nohoist": ["**/x"] } }""");
        Member(tree, "yarn/services/api", "api");
        tree.WriteFile("pnpm/package.json", """{ "name": "root" }""");
        tree.WriteFile("pnpm/pnpm-workspace.yaml", "packages:\n  - 'apps/*'   # the apps\n  - \"tools/cli\"\nonlyBuiltDependencies:\n  - esbuild\n");
        Member(tree, "pnpm/apps/web", "web");
        Member(tree, "pnpm/tools/cli", "cli");

        CollectionAssert.AreEqual(new[] { "services/api" }, NodeWorkspace.Find(tree.FullPath("yarn/services/api"))!.Members.ToArray());
        CollectionAssert.AreEqual(new[] { "apps/web", "tools/cli" }, NodeWorkspace.Find(tree.FullPath("pnpm/apps/web"))!.Members.ToArray());
    }

    [TestMethod]
    public void Find_FolderTheWorkspaceDoesNotList_OrAboveTheGitTop_IsNoMember()
    {
        using var tree = new TempTree();
        tree.WriteFile("package.json", """{ "workspaces": ["apps/*"] }""");
        Member(tree, "tools/script", "script");
        Member(tree, "repo/app", "app");
        tree.CreateFolder("repo/.git");

        Assert.IsNull(NodeWorkspace.Find(tree.FullPath("tools/script")), "Not one of its patterns.");
        Assert.IsNull(NodeWorkspace.Find(tree.FullPath("repo/app")), "A workspace above the repository is not this repository's.");
    }

    [TestMethod]
    public void Plan_NpmWorkspaceMember_InstallsFromTheRootLockAndRunsFromItsFolder()
    {
        using var tree = new TempTree();
        tree.WriteFile("package.json", """{ "name": "mono", "private": true, "workspaces": ["apps/*"] }""");
        tree.WriteFile("package-lock.json", "{}");
        tree.WriteFile("apps/api/package.json", """{ "name": "api", "version": "2.0.0", "scripts": { "build": "tsc", "test": "node --test", "start": "node dist/main.js" } }""");
        Member(tree, "apps/worker", "worker");
        string project = tree.WriteFile("apps/api/Api.csproj", "<Project Sdk=\"Microsoft.Build.NoTargets/3.7.0\" />");
        var description = new ProjectDescription
        {
            ProjectPath = project,
            AssetsFilePath = tree.FullPath("apps/api/obj/project.assets.json"),
            AssemblyName = "Api",
            TargetFileName = "Api.dll",
            TargetFrameworkVersion = "v10.0",
            OutputType = "Library",
            Configuration = "Release",
            Version = "1.0.0",
            NodeAppDirectory = tree.FullPath("apps/api"),
        };

        var plan = BuildPlanner.Plan(description, new ContainerSettings
        {
            DockerfilePath = tree.FullPath("apps/api/Dockerfile"),
            Target = "runtime",
            RunTests = true,
            SdkImage = "node:22-bookworm",
            BaseImage = "node:22-bookworm-slim",
        });

        Assert.AreEqual(0, plan.Warnings.Count, "The root's lock file is the member's.");
        Assert.AreEqual(Path.TrimEndingDirectorySeparator(tree.Root), Path.TrimEndingDirectorySeparator(plan.ContextDirectory));
        CollectionAssert.AreEqual(new[] { "package-lock.json", "package.json", "apps/api/package.json", "apps/worker/package.json" }, plan.RestoreInputFiles.ToArray());
        Assert.IsNull(plan.DockerIgnoreText, "The workspace's context is shared by its apps.");
        GoldenFile.AssertMatches("Node/NpmWorkspaceMember.Dockerfile", plan.GeneratedDockerfile!);
    }

    [TestMethod]
    public void InstallProductionOf_AWorkspaceMember_PerPackageManager()
    {
        Assert.AreEqual("npm ci --omit=dev --workspace=apps/api", NodePackageManagerCommands.For(NodePackageManager.Npm, hasLockFile: true).InstallProductionOf("apps/api"));
        Assert.AreEqual("pnpm install --frozen-lockfile --prod --filter ./apps/api...", NodePackageManagerCommands.For(NodePackageManager.Pnpm, hasLockFile: true).InstallProductionOf("apps/api"));
        Assert.AreEqual("yarn install --frozen-lockfile --production", NodePackageManagerCommands.For(NodePackageManager.Yarn, hasLockFile: true).InstallProductionOf("apps/api"));
        Assert.AreEqual("npm ci --omit=dev", NodePackageManagerCommands.For(NodePackageManager.Npm, hasLockFile: true).InstallProductionOf(""));
    }
}
