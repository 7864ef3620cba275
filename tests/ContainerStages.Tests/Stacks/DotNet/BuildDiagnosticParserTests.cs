using ContainerStages.Stacks.DotNet;
using ContainerStages.Tests.ProjectModel;

namespace ContainerStages.Tests.Stacks.DotNet;

/// <summary>
/// The compiler's, NuGet's and MSBuild's own output lines as a failing "dotnet build" prints them in
/// a BuildKit step of the generated Dockerfile (context copied to /src), found and mapped back to
/// the context folder on this machine.
/// </summary>
[TestClass]
public sealed class BuildDiagnosticParserTests
{
    private const string Root = "/src";

    private static readonly string Context = Path.Combine(Path.GetTempPath(), "cstg-parser-context");

    private static string Local(string relative) => Path.Combine(Context, relative.Replace('/', Path.DirectorySeparatorChar));

    private static BuildDiagnostic ParseOne(string line, string? containerContextRoot = Root)
    {
        var found = BuildDiagnosticParser.Parse([line], Context, containerContextRoot);
        Assert.HasCount(1, found, line);
        return found[0];
    }

    [TestMethod]
    public void CompilerError_GivesTheMappedFileLineColumnCodeAndMessage()
    {
        var diagnostic = ParseOne("/src/Broken/Program.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]");

        Assert.AreEqual(new BuildDiagnostic(true, "CS1002", "; expected", Local("Broken/Program.cs"), 1, 24), diagnostic);
    }

    [TestMethod]
    public void CompilerError_MessageWithParenthesesAndQuotes_IsKeptWhole()
    {
        var diagnostic = ParseOne(
            "/src/App/Program.cs(7,13): error CS0246: The type or namespace name 'Foo' could not be found (are you missing a using directive or an assembly reference?) [/src/App/App.csproj]");

        Assert.AreEqual("CS0246", diagnostic.Code);
        Assert.AreEqual("The type or namespace name 'Foo' could not be found (are you missing a using directive or an assembly reference?)", diagnostic.Message);
        Assert.AreEqual(Local("App/Program.cs"), diagnostic.File);
        Assert.AreEqual(7, diagnostic.Line);
        Assert.AreEqual(13, diagnostic.Column);
    }

    [TestMethod]
    public void NuGetError_OnTheProjectFile_HasNoLineAndKeepsTheColonsOfItsMessage()
    {
        var diagnostic = ParseOne(
            "/src/NeedsPackage/NeedsPackage.csproj : error NU1101: Unable to find package X. No packages exist with this id in source(s): containerstages-local, nuget.org");

        Assert.IsTrue(diagnostic.IsError);
        Assert.AreEqual("NU1101", diagnostic.Code);
        Assert.AreEqual("Unable to find package X. No packages exist with this id in source(s): containerstages-local, nuget.org", diagnostic.Message);
        Assert.AreEqual(Local("NeedsPackage/NeedsPackage.csproj"), diagnostic.File);
        Assert.AreEqual(0, diagnostic.Line);
        Assert.AreEqual(0, diagnostic.Column);
    }

    [TestMethod]
    public void NuGetError_WithTheProjectSuffix_LeavesTheSuffixOutOfTheMessage()
    {
        var diagnostic = ParseOne(
            "/src/NeedsPackage/NeedsPackage.csproj : error NU1101: Unable to find package X. No packages exist with this id in source(s): nuget.org [/src/NeedsPackage/NeedsPackage.csproj]");

        Assert.AreEqual("Unable to find package X. No packages exist with this id in source(s): nuget.org", diagnostic.Message);
        Assert.AreEqual(Local("NeedsPackage/NeedsPackage.csproj"), diagnostic.File);
    }

    [TestMethod]
    public void MSBuildError_WithoutAFile_HasNoFile()
    {
        var diagnostic = ParseOne("MSBUILD : error MSB1009: Project file does not exist.");

        Assert.AreEqual(new BuildDiagnostic(true, "MSB1009", "Project file does not exist.", null, 0, 0), diagnostic);
    }

    [TestMethod]
    public void CompilerWarning_IsNotAnError()
    {
        var diagnostic = ParseOne(
            "/src/App/Person.cs(3,19): warning CS8618: Non-nullable property 'Name' must contain a non-null value when exiting constructor. Consider adding the 'required' modifier or declaring the property as nullable. [/src/App/App.csproj]");

        Assert.IsFalse(diagnostic.IsError);
        Assert.AreEqual("CS8618", diagnostic.Code);
        Assert.StartsWith("Non-nullable property 'Name' must contain", diagnostic.Message);
        Assert.EndsWith("declaring the property as nullable.", diagnostic.Message);
        Assert.AreEqual(Local("App/Person.cs"), diagnostic.File);
        Assert.AreEqual(3, diagnostic.Line);
        Assert.AreEqual(19, diagnostic.Column);
    }

    [TestMethod]
    public void NuGetWarning_IsNotAnError()
    {
        var diagnostic = ParseOne(
            "/src/App/App.csproj : warning NU1603: App depends on Foo (>= 1.0.0) but Foo 1.0.0 was not found. Foo 1.0.1 was resolved instead. [/src/App/App.csproj]");

        Assert.IsFalse(diagnostic.IsError);
        Assert.AreEqual("NU1603", diagnostic.Code);
        Assert.AreEqual("App depends on Foo (>= 1.0.0) but Foo 1.0.0 was not found. Foo 1.0.1 was resolved instead.", diagnostic.Message);
    }

    [TestMethod]
    public void LineWithoutColumn_HasColumnZero()
    {
        var diagnostic = ParseOne("/src/App/App.csproj(12): error MSB4025: The project file could not be loaded. [/src/App/App.csproj]");

        Assert.AreEqual(12, diagnostic.Line);
        Assert.AreEqual(0, diagnostic.Column);
        Assert.AreEqual("MSB4025", diagnostic.Code);
    }

    [TestMethod]
    public void FullRange_GivesTheStartLineAndColumn()
    {
        var diagnostic = ParseOne("/src/App/Program.cs(4,9,4,20): error CS0103: The name 'x' does not exist in the current context [/src/App/App.csproj]");

        Assert.AreEqual(4, diagnostic.Line);
        Assert.AreEqual(9, diagnostic.Column);
        Assert.AreEqual("The name 'x' does not exist in the current context", diagnostic.Message);
    }

    [TestMethod]
    public void BuildKitTimestampPrefix_IsSkipped()
    {
        var diagnostic = ParseOne("#12 3.456 /src/Broken/Program.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]");

        Assert.AreEqual(new BuildDiagnostic(true, "CS1002", "; expected", Local("Broken/Program.cs"), 1, 24), diagnostic);
    }

    [TestMethod]
    public void BuildKitTimestampPrefixBeforeAnIndentedSummaryLine_IsSkipped()
    {
        var diagnostic = ParseOne("#12 10.20     /src/Broken/Program.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]");

        Assert.AreEqual(Local("Broken/Program.cs"), diagnostic.File);
        Assert.AreEqual("CS1002", diagnostic.Code);
    }

    [TestMethod]
    public void MSBuildNodePrefix_IsSkipped()
    {
        var diagnostic = ParseOne("1>/src/Broken/Program.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]");

        Assert.AreEqual(new BuildDiagnostic(true, "CS1002", "; expected", Local("Broken/Program.cs"), 1, 24), diagnostic);
    }

    [TestMethod]
    public void BuildKitTimestampAndNodePrefix_AreBothSkipped()
    {
        var diagnostic = ParseOne("#9 2.5 12>/src/Broken/Program.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]");

        Assert.AreEqual(new BuildDiagnostic(true, "CS1002", "; expected", Local("Broken/Program.cs"), 1, 24), diagnostic);
    }

    [TestMethod]
    public void ErrorRepeatedInTheSummary_IsReportedOnce()
    {
        string[] output =
        [
            "  Determining projects to restore...",
            "  All projects are up-to-date for restore.",
            "/src/Broken/Program.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]",
            "",
            "Build FAILED.",
            "",
            "/src/Broken/Program.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]",
            "    0 Warning(s)",
            "    1 Error(s)",
            "",
            "Time Elapsed 00:00:01.92",
        ];

        var found = BuildDiagnosticParser.Parse(output, Context, Root);

        Assert.HasCount(1, found);
        Assert.AreEqual(new BuildDiagnostic(true, "CS1002", "; expected", Local("Broken/Program.cs"), 1, 24), found[0]);
    }

    [TestMethod]
    public void ErrorRepeatedWithDifferentPrefixesAndIndentation_IsReportedOnce()
    {
        string[] output =
        [
            "#12 3.456 1>/src/Broken/Program.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]",
            "#12 3.501 Build FAILED.",
            "#12 3.502     /src/Broken/Program.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]",
            "    /src/Broken/Program.cs(1,24): error CS1002: ; expected",
        ];

        var found = BuildDiagnosticParser.Parse(output, Context, Root);

        Assert.HasCount(1, found);
    }

    [TestMethod]
    public void DifferentErrors_AreAllReportedInOrder()
    {
        string[] output =
        [
            "/src/Broken/Program.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]",
            "/src/Broken/Program.cs(2,1): error CS1002: ; expected [/src/Broken/Broken.csproj]",
            "/src/Broken/Other.cs(1,24): error CS1002: ; expected [/src/Broken/Broken.csproj]",
            "/src/Broken/Program.cs(1,24): warning CS8618: Non-nullable field 'x'. [/src/Broken/Broken.csproj]",
            "MSBUILD : error MSB1009: Project file does not exist.",
        ];

        var found = BuildDiagnosticParser.Parse(output, Context, Root);

        CollectionAssert.AreEqual(
            new[]
            {
                new BuildDiagnostic(true, "CS1002", "; expected", Local("Broken/Program.cs"), 1, 24),
                new BuildDiagnostic(true, "CS1002", "; expected", Local("Broken/Program.cs"), 2, 1),
                new BuildDiagnostic(true, "CS1002", "; expected", Local("Broken/Other.cs"), 1, 24),
                new BuildDiagnostic(false, "CS8618", "Non-nullable field 'x'.", Local("Broken/Program.cs"), 1, 24),
                new BuildDiagnostic(true, "MSB1009", "Project file does not exist.", null, 0, 0),
            },
            found.ToArray());
    }

    [TestMethod]
    public void SdkFileOutsideTheContextRoot_IsKeptAsPrinted()
    {
        const string sdkTargets = "/usr/share/dotnet/sdk/10.0.100/Microsoft.Common.CurrentVersion.targets";
        var diagnostic = ParseOne(
            $"{sdkTargets}(2433,5): warning MSB3277: Found conflicts between different versions of \"Foo\" that could not be resolved. [/src/App/App.csproj]");

        Assert.AreEqual(sdkTargets, diagnostic.File);
        Assert.AreEqual(2433, diagnostic.Line);
        Assert.AreEqual(5, diagnostic.Column);
        Assert.IsFalse(diagnostic.IsError);
    }

    [TestMethod]
    public void PackageFileOutsideTheContextRoot_IsKeptAsPrinted()
    {
        var diagnostic = ParseOne(
            "/root/.nuget/packages/foo/1.0.0/build/foo.targets(10,5): error FOO0001: Foo says no. [/src/App/App.csproj]");

        Assert.AreEqual("/root/.nuget/packages/foo/1.0.0/build/foo.targets", diagnostic.File);
        Assert.AreEqual("FOO0001", diagnostic.Code);
    }

    [TestMethod]
    public void SimilarRootThatIsNotTheContextRoot_IsKeptAsPrinted()
    {
        var diagnostic = ParseOne("/srcx/App/Program.cs(1,1): error CS1002: ; expected");

        Assert.AreEqual("/srcx/App/Program.cs", diagnostic.File);
    }

    [TestMethod]
    public void UserOwnedDockerfile_FindsTheFileByItsLongestExistingTail()
    {
        using var tree = new TempTree();
        string program = tree.WriteFile("Broken/Program.cs", "class P { int x }");

        var found = BuildDiagnosticParser.Parse(
            ["/work/app/Broken/Program.cs(1,24): error CS1002: ; expected [/work/app/Broken/Broken.csproj]"],
            tree.Root,
            containerContextRoot: null);

        Assert.HasCount(1, found);
        Assert.AreEqual(new BuildDiagnostic(true, "CS1002", "; expected", program, 1, 24), found[0]);
    }

    [TestMethod]
    public void UserOwnedDockerfile_FileNotInTheContext_IsKeptAsPrinted()
    {
        using var tree = new TempTree();
        tree.WriteFile("Broken/Program.cs");

        var found = BuildDiagnosticParser.Parse(
            ["/work/app/Generated/Missing.cs(3,4): error CS1002: ; expected"],
            tree.Root,
            containerContextRoot: null);

        Assert.AreEqual("/work/app/Generated/Missing.cs", found.Single().File);
    }

    [TestMethod]
    [DataRow("Build FAILED.")]
    [DataRow("    1 Error(s)")]
    [DataRow("    0 Warning(s)")]
    [DataRow("error: something")]
    [DataRow("warning: something went wrong")]
    [DataRow("/src/App/Program.cs(1,24): error: no code here")]
    [DataRow("/src/App/Program.cs(1,24): error CS1002 without a colon after the code")]
    [DataRow("Time Elapsed 00:00:01.92")]
    [DataRow("  Determining projects to restore...")]
    [DataRow("  Restored /src/App/App.csproj (in 1.2 sec).")]
    [DataRow("#12 ERROR: process \"/bin/sh -c dotnet build\" did not complete successfully: exit code: 1")]
    [DataRow("The command '/bin/sh -c dotnet build' returned a non-zero code: 1")]
    [DataRow("")]
    public void LineThatOnlyLooksLikeADiagnostic_GivesNothing(string line)
    {
        var found = BuildDiagnosticParser.Parse([line], Context, Root);

        Assert.IsEmpty(found, line);
    }

    [TestMethod]
    public void NoLines_GiveNothing()
    {
        Assert.IsEmpty(BuildDiagnosticParser.Parse([], Context, Root));
    }
}
