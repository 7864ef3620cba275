using System.Text.RegularExpressions;
using System.Xml.Linq;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// ContainerStagesTest=true on the real engine: the test stage's TRX files are on the build machine,
/// in TestResults/ beside the project, after a passing and after a failing run, and a failing run
/// still fails the publish naming the test.
/// </summary>
[TestClass]
public sealed class TestResultsEndToEndTests
{
    [TestMethod]
    public void Trx_files_land_beside_the_project_after_a_passing_and_a_failing_run()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("trx");
        root.WriteProject("src/App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType><InvariantGlobalization>true</InvariantGlobalization>", "<ContainerStagesTestProject Include=\"../../tests/App.Tests/App.Tests.csproj\" />");
        root.WriteFile("src/App/Program.cs", "public static class Answer { public static int Value => 42; public static void Main() => System.Console.WriteLine(Value); }\n");
        root.WriteFile("tests/App.Tests/App.Tests.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <IsPackable>false</IsPackable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MSTest" Version="4.5.2" />
                <ProjectReference Include="../../src/App/App.csproj" />
              </ItemGroup>
            </Project>
            """);
        WriteTest(root, "Assert.AreEqual(42, Answer.Value);");
        string trx = Path.Combine(root.Root, "src", "App", "TestResults", "App.Tests.trx");
        string[] arguments =
        [
            "publish", "src/App/App.csproj",
            "-p:ContainerStages=true",
            "-p:ContainerStagesTest=true",
            $"-p:ContainerRepository={root.Image("trx")}",
            $"-p:ContainerBaseImage={StandInImages.Runtime}",
            $"-p:ContainerStagesSdkImage={StandInImages.Sdk}",
        ];

        var passing = root.DotNet(arguments);

        Assert.IsTrue(passing.Succeeded, passing.ToString());
        StringAssert.Contains(passing.Output, "CSTG1104: Wrote", passing.ToString());
        Assert.IsTrue(File.Exists(trx), $"No {trx} after a passing run.\n{passing}");
        Assert.AreEqual(("1", "1", "0"), Counters(trx), "The passing run's TRX does not count one passed test.");

        WriteTest(root, "Assert.AreEqual(41, Answer.Value, \"the answer moved\");");
        var failing = root.DotNet(arguments);

        Assert.IsFalse(failing.Succeeded, failing.ToString());
        StringAssert.Matches(failing.Output, new Regex(@"error CSTG0028: .*Answer_is_42"), failing.ToString());
        StringAssert.Contains(failing.Output, "CSTG1104: Wrote", "The failing run's results were not exported.\n" + failing);
        Assert.AreEqual(("1", "0", "1"), Counters(trx), "The failing run's TRX does not count one failed test.");
        StringAssert.Contains(File.ReadAllText(trx), "the answer moved");
        Assert.IsEmpty(DockerCli.ImagesWithPrefix(root.Image("trx")).Where(i => !i.EndsWith(":<none>", StringComparison.Ordinal)).Except(TaggedBefore(passing)), "A failing run tagged an image.");
    }

    private static IEnumerable<string> TaggedBefore(ProcessResult passing) => [TestProjectRoot.ParseBuiltMessage(passing).Reference];

    private static (string Total, string Passed, string Failed) Counters(string trx)
    {
        var counters = XDocument.Load(trx).Descendants().First(e => e.Name.LocalName == "Counters");
        return ((string)counters.Attribute("total")!, (string)counters.Attribute("passed")!, (string)counters.Attribute("failed")!);
    }

    private static void WriteTest(TestProjectRoot root, string assertion) => root.WriteFile("tests/App.Tests/AnswerTests.cs", $$"""
        using Microsoft.VisualStudio.TestTools.UnitTesting;

        namespace App.Tests;

        [TestClass]
        public sealed class AnswerTests
        {
            [TestMethod]
            public void Answer_is_42() => {{assertion}}
        }
        """);
}
