using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
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

    /// <summary>
    /// The archive of a multi-platform publish, from the save task on two images the engine has, so no
    /// stand-in of another architecture is needed: items carrying Platform metadata, as the build task
    /// outputs them, give one OCI layout with the index and both images, which docker load restores.
    /// </summary>
    [TestMethod]
    public void Images_of_two_platforms_go_into_one_OCI_layout_that_loads_back_with_their_platform_tags()
    {
        TestEnvironment.RequireEngine();
        using var root = TestProjectRoot.Create("oci-archive");
        string image = root.Image("multi");
        string amd64 = CommitWithFile(root, $"{image}:1-amd64", "amd64");
        string arm64 = CommitWithFile(root, $"{image}:1-arm64", "arm64");
        root.WriteFile("App/App.proj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup><PackageReference Include="ContainerStages" Version="{TestEnvironment.PackageVersion}" /></ItemGroup>
              <Target Name="SaveTwoPlatforms">
                <ItemGroup>
                  <_Image Include="{image}:1-amd64" Platform="linux/amd64" />
                  <_Image Include="{image}:1-arm64" Platform="linux/arm64" />
                </ItemGroup>
                <SaveContainerStagesImage ImageReferences="@(_Image)" Repository="{image}" ArchiveOutputPath="images/" BaseDirectory="$(MSBuildProjectDirectory)" />
              </Target>
            </Project>
            """);

        var save = root.DotNet(["msbuild", "App/App.proj", "-restore", "-t:SaveTwoPlatforms"]);

        Assert.IsTrue(save.Succeeded, save.ToString());
        string archive = Path.Combine(root.Root, "App", "images", image + ".tar.gz");
        StringAssert.Contains(save.Output, $"CSTG1120: Saved {image}:1 for 2 platforms (linux/amd64, linux/arm64) as an OCI image layout with its image index to {archive}");
        var files = ReadTarGz(archive);
        foreach (var (name, content) in files.Where(file => file.Key.StartsWith("blobs/sha256/", StringComparison.Ordinal)))
        {
            Assert.AreEqual(name["blobs/sha256/".Length..], Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant(), name);
        }

        // The base layer once, each image's own layer, two configs, two manifests and the index.
        Assert.AreEqual(8, files.Keys.Count(name => name.StartsWith("blobs/sha256/", StringComparison.Ordinal) && name.Length > "blobs/sha256/".Length));
        using var index = JsonDocument.Parse(files["index.json"]);
        var named = index.RootElement.GetProperty("manifests")[0];
        Assert.AreEqual($"{image}:1", named.GetProperty("annotations").GetProperty("io.containerd.image.name").GetString());
        using var imageIndex = JsonDocument.Parse(files["blobs/sha256/" + named.GetProperty("digest").GetString()!["sha256:".Length..]]);
        Assert.AreEqual(2, imageIndex.RootElement.GetProperty("manifests").GetArrayLength());
        Console.WriteLine($"archive: {new FileInfo(archive).Length:N0} bytes, {files.Count} files");

        Assert.IsTrue(DockerCli.Run("rmi", "-f", $"{image}:1-amd64", $"{image}:1-arm64").Succeeded);
        var load = DockerCli.Run("load", "-i", archive);
        Assert.IsTrue(load.Succeeded, load.ToString());
        Assert.AreEqual(amd64, DockerCli.InspectImage($"{image}:1-amd64").GetProperty("Id").GetString());
        Assert.AreEqual(arm64, DockerCli.InspectImage($"{image}:1-arm64").GetProperty("Id").GetString());
    }

    /// <summary>An image of the minimal stand-in plus one file of its own (docker commit: no builder, no shell); its id.</summary>
    private static string CommitWithFile(TestProjectRoot root, string reference, string content)
    {
        string file = root.WriteFile($"files/{content}.txt", content);
        var create = DockerCli.Run("create", StandInImages.RuntimeDepsMinimal, "/nothing");
        Assert.IsTrue(create.Succeeded, create.ToString());
        string container = create.Output.Trim().Split('\n')[^1];
        try
        {
            Assert.IsTrue(DockerCli.Run("cp", file, $"{container}:/platform.txt").Succeeded);
            Assert.IsTrue(DockerCli.Run("commit", container, reference).Succeeded);
        }
        finally
        {
            DockerCli.RemoveContainer(container);
        }

        return DockerCli.InspectImage(reference).GetProperty("Id").GetString()!;
    }

    private static Dictionary<string, byte[]> ReadTarGz(string path)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.EntryType == TarEntryType.RegularFile)
            {
                using var content = new MemoryStream();
                entry.DataStream?.CopyTo(content);
                files[entry.Name] = content.ToArray();
            }
        }

        return files;
    }
}
