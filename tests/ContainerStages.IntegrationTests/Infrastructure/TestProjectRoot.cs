using System.Text.RegularExpressions;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// A hermetic folder for one scenario: its own global.json, NuGet.config with the local feed of the
/// freshly packed ContainerStages, empty Directory.Build.* so this repository's files do not leak
/// in, and a private NuGet packages folder outside it (so it never enters a build context).
/// Disposing removes the folder and every image and container the scenario made.
/// </summary>
public sealed partial class TestProjectRoot : IDisposable
{
    private readonly List<string> _containers = [];

    private TestProjectRoot(string name)
    {
        Id = Guid.NewGuid().ToString("N")[..10];
        Root = Path.Combine(TestEnvironment.WorkRoot, $"{name}-{Id}");
        PackagesFolder = Root + "-nuget";
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(PackagesFolder);
    }

    public string Id { get; }

    public string Root { get; }

    public string PackagesFolder { get; }

    /// <summary>The image-name prefix of this scenario; Dispose removes everything under it.</summary>
    public string ImagePrefix => $"{TestEnvironment.ImagePrefix}{Id}";

    public static TestProjectRoot Create(string name)
    {
        var root = new TestProjectRoot(name);
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "global.json"), Path.Combine(root.Root, "global.json"));
        Directory.CreateDirectory(Path.Combine(root.Root, "feed"));
        File.Copy(TestEnvironment.PackagePath, Path.Combine(root.Root, "feed", Path.GetFileName(TestEnvironment.PackagePath)));

        // No <clear/>: public packages come from the sources this machine's NuGet already uses, the
        // same ones the SDK stage's NuGet uses inside the build.
        root.WriteFile("NuGet.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="containerstages-local" value="feed" />
              </packageSources>
            </configuration>
            """);
        root.WriteFile("Directory.Build.props", "<Project />\n");
        root.WriteFile("Directory.Build.targets", "<Project />\n");
        return root;
    }

    public string Image(string name) => $"{ImagePrefix}/{name}";

    public string WriteFile(string relativePath, string content)
    {
        string path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.ReplaceLineEndings("\n"));
        return path;
    }

    public string ReadFile(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    /// <summary>A project that references the freshly packed ContainerStages.</summary>
    public string WriteProject(string relativePath, string sdk, string properties = "", string items = "") =>
        WriteFile(relativePath, $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="ContainerStages" Version="{TestEnvironment.PackageVersion}" />
                {items}
              </ItemGroup>
            </Project>
            """);

    /// <summary>
    /// dotnet publish -p:ContainerStages=true with the stand-in base images, keeping a binlog next to
    /// the root so a failure can be read afterwards.
    /// </summary>
    public ProcessResult Publish(string projectRelativePath, string runtimeBaseImage, params string[] extraArguments) =>
        DotNet(
            [
                "publish", projectRelativePath,
                "-p:ContainerStages=true",
                $"-p:ContainerBaseImage={runtimeBaseImage}",
                $"-p:ContainerStagesSdkImage={StandInImages.Sdk}",
                .. extraArguments,
            ]);

    /// <param name="verbosity">The console verbosity; "diag" shows every task parameter and property, for leak checks.</param>
    public ProcessResult DotNet(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string verbosity = "n")
    {
        string binlog = $"{Root}-{DateTime.UtcNow:HHmmssfff}.binlog";
        var env = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = PackagesFolder,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            env[name] = value;
        }

        var result = ProcessRunner.Run("dotnet", [.. arguments, "-nodeReuse:false", "-tl:off", $"-v:{verbosity}", $"-bl:{binlog}"], Root, env, TimeSpan.FromMinutes(15));
        return result with { Output = result.Output + $"\n(binlog: {binlog})", BinlogPath = binlog };
    }

    /// <summary>Reads the size message: "ContainerStages: built REF from stage 'S': 182.4 MB (182,431,226 bytes)".</summary>
    public static (string Reference, string Stage, long Bytes) ParseBuiltMessage(ProcessResult publish)
    {
        var match = BuiltMessage().Match(publish.Output);
        Assert.IsTrue(match.Success, "No 'ContainerStages: built' message.\n" + publish);
        return (match.Groups["ref"].Value, match.Groups["stage"].Value, long.Parse(match.Groups["bytes"].Value.Replace(",", "", StringComparison.Ordinal)));
    }

    public string StartContainer(string image, params string[] runArguments)
    {
        var run = DockerCli.Run(["run", "-d", .. runArguments, image]);
        Assert.IsTrue(run.Succeeded, run.ToString());
        string id = run.Output.Trim().Split('\n')[^1];
        _containers.Add(id);
        return id;
    }

    public void Dispose()
    {
        foreach (string container in _containers)
        {
            DockerCli.RemoveContainer(container);
        }

        DockerCli.RemoveImages(DockerCli.ImagesWithPrefix(ImagePrefix));
        TryDelete(Root);
        TryDelete(PackagesFolder);
    }

    private static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next run's sweep of the work root; never fail a test over cleanup.
        }
    }

    // "kept": a publish with nothing changed keeps the image the last one built, and says its size too.
    [GeneratedRegex(@"ContainerStages: (?:built|kept) (?<ref>\S+) from stage '(?<stage>[^']+)'(?:, nothing changed)?: (?<mb>[0-9.]+) MB \((?<bytes>[0-9,]+) bytes\)")]
    private static partial Regex BuiltMessage();
}
