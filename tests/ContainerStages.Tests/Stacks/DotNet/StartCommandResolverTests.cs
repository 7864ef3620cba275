using ContainerStages.Dockerfile;
using ContainerStages.Stacks.DotNet;

namespace ContainerStages.Tests.Stacks.DotNet;

/// <summary>ENTRYPOINT and CMD with the SDK container publish's meaning of the app command items.</summary>
[TestClass]
public sealed class StartCommandResolverTests
{
    [TestMethod]
    public void Resolve_Defaults_StartsTheDllWithDotnetAndLeavesCmd()
    {
        var start = StartCommandResolver.Resolve(GoldenSpecs.ConsoleApp);

        CollectionAssert.AreEqual(new[] { "dotnet", "ConsoleApp.dll" }, start.Entrypoint!.ToArray());
        Assert.IsNull(start.Cmd);
    }

    [TestMethod]
    public void Resolve_SelfContained_StartsTheApphostByItsAbsolutePath() =>
        CollectionAssert.AreEqual(new[] { "/app/ConsoleApp" }, StartCommandResolver.Resolve(GoldenSpecs.SelfContained).Entrypoint!.ToArray());

    [TestMethod]
    public void Resolve_Entrypoint_AppendsAppCommandArgsAndPutsDefaultArgsInCmd()
    {
        var spec = GoldenSpecs.ConsoleApp with { AppCommand = ["/usr/bin/tini", "--", "dotnet", "ConsoleApp.dll"], AppCommandArgs = ["--a"], DefaultArgs = ["--b"] };

        var start = StartCommandResolver.Resolve(spec);

        CollectionAssert.AreEqual(new[] { "/usr/bin/tini", "--", "dotnet", "ConsoleApp.dll", "--a" }, start.Entrypoint!.ToArray());
        CollectionAssert.AreEqual(new[] { "--b" }, start.Cmd!.ToArray());
    }

    [TestMethod]
    public void Resolve_DefaultArgs_PutsEverythingInCmdAndKeepsTheBaseEntrypoint()
    {
        var spec = GoldenSpecs.ConsoleApp with { AppCommandInstruction = AppCommandInstruction.DefaultArgs, AppCommandArgs = ["--a"], DefaultArgs = ["--b"] };

        var start = StartCommandResolver.Resolve(spec);

        Assert.IsNull(start.Entrypoint);
        CollectionAssert.AreEqual(new[] { "dotnet", "ConsoleApp.dll", "--a", "--b" }, start.Cmd!.ToArray());
    }

    [TestMethod]
    public void Resolve_None_KeepsTheBaseEntrypointWithDefaultArgsAsCmd()
    {
        var start = StartCommandResolver.Resolve(GoldenSpecs.ConsoleApp with { AppCommandInstruction = AppCommandInstruction.None, DefaultArgs = ["serve"] });

        Assert.IsNull(start.Entrypoint);
        CollectionAssert.AreEqual(new[] { "serve" }, start.Cmd!.ToArray());
    }
}
