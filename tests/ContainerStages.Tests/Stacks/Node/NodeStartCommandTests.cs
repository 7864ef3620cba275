using ContainerStages.Stacks.Node;

namespace ContainerStages.Tests.Stacks.Node;

[TestClass]
public sealed class NodeStartCommandTests
{
    private static PackageJson Package(string? start = null, string? main = null) => new()
    {
        Main = main,
        Scripts = start is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["start"] = start },
    };

    [TestMethod]
    [DataRow("node dist/server.js", new[] { "node", "dist/server.js" })]
    [DataRow("node ./dist/server.js --port=8080", new[] { "node", "dist/server.js", "--port=8080" })]
    [DataRow("node --enable-source-maps  build/index.mjs", new[] { "node", "--enable-source-maps", "build/index.mjs" })]
    public void Resolve_SimpleStartScript_RunsNodeDirectly(string start, string[] expected)
    {
        var (command, ignored) = NodeStartCommand.Resolve(Package(start, main: "other.js"), _ => false);

        CollectionAssert.AreEqual(expected, command.ToArray());
        Assert.IsFalse(ignored);
    }

    [TestMethod]
    [DataRow("npm run build && node dist/server.js")]
    [DataRow("NODE_OPTIONS=--x node dist/server.js")]
    [DataRow("node dist/server.js | pino-pretty")]
    [DataRow("node \"dist/my server.js\"")]
    [DataRow("node $ENTRY")]
    [DataRow("ts-node src/server.ts")]
    [DataRow("node --inspect")]
    public void Resolve_StartScriptNeedingAShell_FallsBackToMain(string start)
    {
        var (command, ignored) = NodeStartCommand.Resolve(Package(start, main: "./dist/main.js"), _ => false);

        CollectionAssert.AreEqual(new[] { "node", "dist/main.js" }, command.ToArray());
        Assert.IsTrue(ignored);
    }

    [TestMethod]
    public void Resolve_ProductionStartScript_WinsOverADevelopmentStart()
    {
        // NestJS: "start": "nest start", "start:prod": "node dist/main"; express-typescript-2024: "start:prod" and main "index.ts".
        var package = new PackageJson
        {
            Main = "index.ts",
            Scripts = new Dictionary<string, string> { ["start"] = "nest start", ["start:prod"] = "node dist/main" },
        };

        var (command, ignored) = NodeStartCommand.Resolve(package, _ => false);

        CollectionAssert.AreEqual(new[] { "node", "dist/main" }, command.ToArray());
        Assert.IsFalse(ignored);
        Assert.AreEqual("dist", NodeStartCommand.TopDirectory(command));

        var needsShell = package with { Scripts = new Dictionary<string, string> { ["start"] = "node server.js", ["start:prod"] = "NODE_ENV=production node dist/main" } };
        CollectionAssert.AreEqual(new[] { "node", "server.js" }, NodeStartCommand.Resolve(needsShell, _ => false).Command.ToArray());
    }

    [TestMethod]
    public void Resolve_NoStartNoMain_UsesServerJsWhenPresentElseIndexJs()
    {
        CollectionAssert.AreEqual(new[] { "node", "server.js" }, NodeStartCommand.Resolve(Package(), f => f == "server.js").Command.ToArray());
        CollectionAssert.AreEqual(new[] { "node", "index.js" }, NodeStartCommand.Resolve(Package(), _ => false).Command.ToArray());
    }

    [TestMethod]
    [DataRow(new[] { "node", "dist/server.js" }, "dist")]
    [DataRow(new[] { "node", "--enable-source-maps", "build/a/b.js" }, "build")]
    [DataRow(new[] { "node", "server.js" }, null)]
    [DataRow(new[] { "node", "../x/server.js" }, null)]
    public void TopDirectory_IsTheEntryFilesFirstFolder(string[] command, string? expected) =>
        Assert.AreEqual(expected, NodeStartCommand.TopDirectory(command));
}
