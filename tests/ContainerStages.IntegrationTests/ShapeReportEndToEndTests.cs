using System.Formats.Tar;
using System.Text.Json;
using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>
/// Each deployment shape on its own base: the image runs, the size report is the engine's answer and
/// its layers add up to it, and the image's file system holds nothing of the build (read from the
/// engine's export, so it needs no shell in the image).
/// </summary>
[TestClass]
public sealed class ShapeReportEndToEndTests
{
    [TestMethod]
    [DataRow("console", "", DisplayName = "framework-dependent console app on runtime")]
    [DataRow("trimmed", "<RuntimeIdentifier>linux-x64</RuntimeIdentifier><SelfContained>true</SelfContained><PublishTrimmed>true</PublishTrimmed>", DisplayName = "self-contained trimmed console app on runtime-deps")]
    public void Shape_runs_matches_its_report_and_ships_nothing_of_the_build(string shape, string properties)
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("shape" + shape);
        root.WriteProject("Tool/Tool.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType><InvariantGlobalization>true</InvariantGlobalization>" + properties);
        root.WriteFile("Tool/Program.cs", "System.Console.WriteLine($\"shape ok: {System.Environment.Version.Major}\");\n");
        string image = root.Image("tool");
        string baseImage = shape == "console" ? StandInImages.Runtime : StandInImages.RuntimeDeps;

        var publish = root.Publish("Tool/Tool.csproj", baseImage, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        string reference = $"{image}:1";
        var run = DockerCli.Run("run", "--rm", reference);
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("shape ok: 10", run.Output.Trim(), run.ToString());

        long engineSize = DockerCli.InspectImage(reference).GetProperty("Size").GetInt64();
        // Under IntermediateOutputPath, which a RuntimeIdentifier extends (obj/Release/net10.0/linux-x64/).
        string reportPath = Directory.GetFiles(Path.Combine(root.Root, "Tool", "obj"), "ContainerStages.report.json", SearchOption.AllDirectories).Single();
        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        Assert.AreEqual(engineSize, report.RootElement.GetProperty("size").GetInt64());
        Assert.AreEqual(engineSize, report.RootElement.GetProperty("layers").EnumerateArray().Sum(l => l.GetProperty("size").GetInt64()));

        var files = FileSystemOf(reference, root.Root);
        string[] buildLeftovers = files.Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.Contains("/obj/", StringComparison.Ordinal)
            || f.Contains("/sdk/", StringComparison.Ordinal) || f.StartsWith("src/", StringComparison.Ordinal) || f.Contains(".nuget/packages", StringComparison.Ordinal)).ToArray();
        Assert.IsEmpty(buildLeftovers, "Build content in the runtime image: " + string.Join(", ", buildLeftovers.Take(10)));
        string[] app = files.Where(f => f.StartsWith("app/", StringComparison.Ordinal)).ToArray();
        CollectionAssert.Contains(app, shape == "console" ? "app/Tool.dll" : "app/Tool", string.Join(", ", app));
        if (shape == "trimmed")
        {
            // Self-contained: the runtime came with the app (trimmed), not with the base.
            Assert.IsTrue(app.Any(f => f.EndsWith("System.Private.CoreLib.dll", StringComparison.Ordinal)), string.Join(", ", app));
            Assert.IsFalse(files.Any(f => f.StartsWith("usr/share/dotnet/", StringComparison.Ordinal)), "A shared runtime is in the image.");
        }

        long baseSize = DockerCli.InspectImage(baseImage).GetProperty("Size").GetInt64();
        Console.WriteLine($"{shape}: image {engineSize:N0} bytes on {baseImage} ({baseSize:N0}): the app adds {engineSize - baseSize:N0}; {app.Length} entries in /app; publish took {publish.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Every path in the image's file system, from the engine's export of a container made from it.</summary>
    private static List<string> FileSystemOf(string reference, string scratchFolder)
    {
        var created = DockerCli.Run("create", reference);
        Assert.IsTrue(created.Succeeded, created.ToString());
        string container = created.Output.Trim();
        string archive = Path.Combine(scratchFolder, "export.tar");
        try
        {
            var export = DockerCli.Run("export", "-o", archive, container);
            Assert.IsTrue(export.Succeeded, export.ToString());
            var paths = new List<string>();
            using var stream = File.OpenRead(archive);
            using var reader = new TarReader(stream);
            while (reader.GetNextEntry() is { } entry)
            {
                paths.Add(entry.Name.TrimStart('.', '/'));
            }

            return paths;
        }
        finally
        {
            DockerCli.RemoveContainer(container);
            File.Delete(archive);
        }
    }
}
