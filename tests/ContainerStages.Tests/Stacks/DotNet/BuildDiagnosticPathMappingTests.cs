using ContainerStages.Stacks.DotNet;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Stacks.DotNet;

/// <summary>
/// <see cref="BuildDiagnosticParser.MapPath"/>: a path printed inside the container back to the
/// context folder on this machine, by the known context root (the generated Dockerfile's /src) or,
/// for a Dockerfile the user owns, by the longest tail that names an existing file in the context.
/// </summary>
[TestClass]
public sealed class BuildDiagnosticPathMappingTests
{
    private static string Native(string path) => path.Replace('/', Path.DirectorySeparatorChar);

    [TestMethod]
    [DataRow("/src/Broken/Program.cs", "Broken/Program.cs")]
    [DataRow("/src/Program.cs", "Program.cs")]
    [DataRow("/src/src/App/Deep/Nested/File.cs", "src/App/Deep/Nested/File.cs")]
    [DataRow("/src/App/obj/Release/net10.0/App.AssemblyInfo.cs", "App/obj/Release/net10.0/App.AssemblyInfo.cs")]
    public void UnderTheKnownRoot_MapsToTheSameRelativePathWithoutLookingAtTheDisk(string containerPath, string relative)
    {
        string context = Path.Combine(Path.GetTempPath(), "cstg-no-such-context-" + Guid.NewGuid().ToString("N"));

        Assert.AreEqual(Path.Combine(context, Native(relative)), BuildDiagnosticParser.MapPath(containerPath, context, "/src"));
    }

    [TestMethod]
    [DataRow("/src/")]
    [DataRow("/src")]
    public void KnownRoot_WithOrWithoutTrailingSlash_MapsTheSame(string root)
    {
        string context = Path.Combine(Path.GetTempPath(), "cstg-ctx");

        Assert.AreEqual(Path.Combine(context, Native("App/Program.cs")), BuildDiagnosticParser.MapPath("/src/App/Program.cs", context, root));
    }

    [TestMethod]
    public void OutsideTheKnownRoot_IsKeptAsPrintedEvenWhenItsTailExistsInTheContext()
    {
        // The generated Dockerfile copies the context to /src only: /app/Program.cs is a file of the container.
        using var tree = new TempTree();
        tree.WriteFile("Program.cs");
        tree.WriteFile("build/foo.targets");

        Assert.AreEqual("/app/Program.cs", BuildDiagnosticParser.MapPath("/app/Program.cs", tree.Root, "/src"));
        Assert.AreEqual(
            "/root/.nuget/packages/foo/1.0.0/build/foo.targets",
            BuildDiagnosticParser.MapPath("/root/.nuget/packages/foo/1.0.0/build/foo.targets", tree.Root, "/src"));
    }

    [TestMethod]
    public void OutsideTheKnownRoot_SharingOnlyAPrefix_IsKeptAsPrinted()
    {
        using var tree = new TempTree();
        tree.WriteFile("App/Program.cs");

        Assert.AreEqual("/srcx/App/Program.cs", BuildDiagnosticParser.MapPath("/srcx/App/Program.cs", tree.Root, "/src"));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    public void UnknownRoot_FindsTheLongestExistingTail(string? root)
    {
        using var tree = new TempTree();
        string deep = tree.WriteFile("App/Program.cs");
        tree.WriteFile("Program.cs");

        Assert.AreEqual(deep, BuildDiagnosticParser.MapPath("/build/App/Program.cs", tree.Root, root));
    }

    [TestMethod]
    public void UnknownRoot_OnlyAShorterTailExists_TakesIt()
    {
        using var tree = new TempTree();
        string shallow = tree.WriteFile("Program.cs");

        Assert.AreEqual(shallow, BuildDiagnosticParser.MapPath("/build/App/Program.cs", tree.Root, null));
    }

    [TestMethod]
    public void UnknownRoot_WholePathExistsBelowTheContext_TakesTheWholePath()
    {
        using var tree = new TempTree();
        string whole = tree.WriteFile("build/App/Program.cs");
        tree.WriteFile("App/Program.cs");

        Assert.AreEqual(whole, BuildDiagnosticParser.MapPath("/build/App/Program.cs", tree.Root, null));
    }

    [TestMethod]
    public void UnknownRoot_TailNamesAFolder_IsNotTaken()
    {
        using var tree = new TempTree();
        tree.CreateFolder("App/Program.cs");

        Assert.AreEqual("/build/App/Program.cs", BuildDiagnosticParser.MapPath("/build/App/Program.cs", tree.Root, null));
    }

    [TestMethod]
    public void UnknownRoot_NoTailExists_IsKeptAsPrinted()
    {
        using var tree = new TempTree();
        tree.WriteFile("Other/Program.cs");

        Assert.AreEqual("/build/App/Missing.cs", BuildDiagnosticParser.MapPath("/build/App/Missing.cs", tree.Root, null));
    }
}
