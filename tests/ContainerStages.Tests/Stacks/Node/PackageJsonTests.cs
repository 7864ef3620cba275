using ContainerStages.Stacks.Node;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Stacks.Node;

[TestClass]
public sealed class PackageJsonTests
{
    [TestMethod]
    public void Read_TypeScriptService_FindsScriptsEnginesAndDependencies()
    {
        using var tree = new TempTree();
        string path = tree.WriteFile("package.json", """
            {
              "name": "@shop/orders", "version": "2.1.0", "main": "dist/server.js",
              "engines": { "node": ">=20" },
              "scripts": { "build": "tsc", "test": "node --test", "start": "node dist/server.js", "lint": "" },
              "dependencies": { "pino": "^9.0.0" },
              "devDependencies": { "typescript": "^5.6.0", "@types/node": "^20.0.0" },
            }
            """);

        var package = PackageJson.Read(path);

        Assert.AreEqual("@shop/orders", package.Name);
        Assert.AreEqual("2.1.0", package.Version);
        Assert.AreEqual("dist/server.js", package.Main);
        Assert.AreEqual(">=20", package.EnginesNode);
        Assert.AreEqual("tsc", package.Script("build"));
        Assert.IsNull(package.Script("lint"), "An empty script is no script.");
        Assert.IsNull(package.Script("prepare"));
        Assert.AreEqual(0, package.PrepareScripts.Count);
        CollectionAssert.AreEqual(new[] { "pino" }, package.Dependencies.ToArray());
        CollectionAssert.AreEqual(new[] { "@types/node", "typescript" }, package.DevDependencies.ToArray());
    }

    [TestMethod]
    public void PrepareScripts_InTheOrderAnInstallRunsThem()
    {
        var package = new PackageJson
        {
            Scripts = new Dictionary<string, string> { ["postprepare"] = "echo done", ["prepare"] = "husky", ["preinstall"] = "npx only-allow npm", ["preprepare"] = " " },
        };

        CollectionAssert.AreEqual(new[] { "prepare", "postprepare" }, package.PrepareScripts.ToArray());
    }

    [TestMethod]
    public void Read_BrokenJson_ThrowsCodedError()
    {
        using var tree = new TempTree();
        string path = tree.WriteFile("package.json", "{ \"name\": ");

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => PackageJson.Read(path));

        Assert.AreEqual("InvalidPackageJson", error.ResourceName);
        Assert.AreEqual(path, error.File);
    }

    [TestMethod]
    public void Read_ArrayAtTopLevel_ThrowsCodedError()
    {
        using var tree = new TempTree();
        string path = tree.WriteFile("package.json", "[]");

        Assert.AreEqual("InvalidPackageJson", Assert.ThrowsExactly<ContainerStagesException>(() => PackageJson.Read(path)).ResourceName);
    }
}
