using ContainerStages.Stacks.Node;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Stacks.Node;

[TestClass]
public sealed class NodeLockFileTests
{
    [TestMethod]
    [DataRow("package-lock.json", "Npm")]
    [DataRow("npm-shrinkwrap.json", "Npm")]
    [DataRow("pnpm-lock.yaml", "Pnpm")]
    [DataRow("yarn.lock", "Yarn")]
    public void Detect_OneLockFile_ChoosesItsManager(string lockFile, string expectedManager)
    {
        var expected = Enum.Parse<NodePackageManager>(expectedManager);
        using var tree = new TempTree();
        tree.WriteFile("package.json", "{}");
        tree.WriteFile(lockFile, string.Empty);

        var (manager, inputs) = NodeLockFile.Detect(tree.Root);

        Assert.AreEqual(expected, manager);
        CollectionAssert.AreEqual(new[] { lockFile, "package.json" }.Order(StringComparer.Ordinal).ToArray(), inputs.ToArray());
    }

    [TestMethod]
    public void Detect_NpmAndStaleYarnLock_PrefersNpm()
    {
        using var tree = new TempTree();
        tree.WriteFile("package-lock.json", "{}");
        tree.WriteFile("yarn.lock", string.Empty);

        Assert.AreEqual(NodePackageManager.Npm, NodeLockFile.Detect(tree.Root).Manager);
    }

    [TestMethod]
    public void Detect_YarnLockWithYarnrcYml_IsYarnBerryAndCopiesItsSettings()
    {
        using var tree = new TempTree();
        tree.WriteFile("yarn.lock", string.Empty);
        tree.WriteFile(".yarnrc.yml", "nodeLinker: node-modules\n");

        var (manager, inputs) = NodeLockFile.Detect(tree.Root);

        Assert.AreEqual(NodePackageManager.YarnBerry, manager);
        CollectionAssert.AreEqual(new[] { ".yarnrc.yml", "package.json", "yarn.lock" }, inputs.ToArray());
    }

    [TestMethod]
    public void Detect_NoLockFile_IsNpmWithPackageJsonAndNpmrcOnly()
    {
        using var tree = new TempTree();
        tree.WriteFile(".npmrc", "fund=false\n");

        var (manager, inputs) = NodeLockFile.Detect(tree.Root);

        Assert.AreEqual(NodePackageManager.Npm, manager);
        CollectionAssert.AreEqual(new[] { ".npmrc", "package.json" }, inputs.ToArray());
    }

    [TestMethod]
    public void Commands_WithoutLockFile_UseNpmInstall()
    {
        Assert.AreEqual("npm install", NodePackageManagerCommands.For(NodePackageManager.Npm, hasLockFile: false).Install);
        Assert.AreEqual("npm ci --omit=dev", NodePackageManagerCommands.For(NodePackageManager.Npm, hasLockFile: true).InstallProduction);
        Assert.AreEqual("pnpm run build", NodePackageManagerCommands.For(NodePackageManager.Pnpm, hasLockFile: true).Run("build"));
        Assert.AreEqual("yarn install --frozen-lockfile --production", NodePackageManagerCommands.For(NodePackageManager.Yarn, hasLockFile: true).InstallProduction);
    }
}
