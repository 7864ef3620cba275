using ContainerStages.IntegrationTests.Infrastructure;

namespace ContainerStages.IntegrationTests;

/// <summary>ContainerArchiveOutputPath: the built image saved as an archive that `docker load` reads back and runs.</summary>
[TestClass]
public sealed class ImageArchiveTests
{
    [TestMethod]
    public void Archive_in_a_folder_loads_back_with_its_tag_and_runs()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("archive");
        root.WriteProject("App/App.csproj", "Microsoft.NET.Sdk", "<OutputType>Exe</OutputType><InvariantGlobalization>true</InvariantGlobalization>");
        root.WriteFile("App/Program.cs", "Console.WriteLine(\"loaded from an archive\");\n");
        string image = root.Image("archived");
        string output = Path.Combine(root.Root, "images") + "/";

        var publish = root.Publish("App/App.csproj", StandInImages.Runtime, $"-p:ContainerRepository={image}", "-p:ContainerImageTag=1", $"-p:ContainerArchiveOutputPath={output}");

        Assert.IsTrue(publish.Succeeded, publish.ToString());
        string archive = Path.Combine(root.Root, "images", image + ".tar.gz");
        Assert.IsTrue(File.Exists(archive), publish.ToString());
        StringAssert.Contains(publish.Output, $"CSTG1031: Saved {image}:1 to {archive}");
        string imageId = DockerCli.InspectImage($"{image}:1").GetProperty("Id").GetString()!;
        Console.WriteLine($"archive: {new FileInfo(archive).Length:N0} bytes; publish took {publish.Elapsed.TotalSeconds:0.0} s");

        // Gone from the engine, then back from the archive alone.
        Assert.IsTrue(DockerCli.Run("rmi", "-f", imageId).Succeeded);
        Assert.IsFalse(DockerCli.ImageExists($"{image}:1"));
        var load = DockerCli.Run("load", "-i", archive);
        Assert.IsTrue(load.Succeeded, load.ToString());
        StringAssert.Contains(load.Output, $"Loaded image: {image}:1");
        Assert.AreEqual(imageId, DockerCli.InspectImage($"{image}:1").GetProperty("Id").GetString());

        var run = DockerCli.Run("run", "--rm", $"{image}:1");
        Assert.IsTrue(run.Succeeded, run.ToString());
        Assert.AreEqual("loaded from an archive", run.Output.Trim());
    }
}
