using ContainerStages.Pipeline;
using ContainerStages.Planning;
using ContainerStages.Tests.Engine;
using ContainerStages.Tests.Reporting;

namespace ContainerStages.Tests.Pipeline;

/// <summary>A publish with nothing changed keeps the image the last one built; any change, or a doubt, builds.</summary>
[TestClass]
public sealed class UnchangedImageTests
{
    private const string Dockerfile = """
        FROM sdk:1 AS build
        COPY . .
        FROM base:1 AS runtime
        COPY --from=build /app/publish .
        """;

    /// <summary>A project folder as generated: obj/ (where the record is kept) stays out of the context.</summary>
    private static (SavedBuildPlan Plan, BuildSettings Settings) OnePlatform(TempTree tree, bool skip = true) => (
        new SavedBuildPlan
        {
            Stack = "dotnet",
            ContextDirectory = tree.Root,
            DockerfilePath = tree.WriteFile("Dockerfile", Dockerfile),
            DockerIgnorePath = File.Exists(tree.FullPath(".dockerignore")) ? tree.FullPath(".dockerignore") : tree.WriteFile(".dockerignore", "obj/\n"),
            Target = "runtime",
            Repository = "app",
            ImageReferences = ["app:1", "app:latest"],
            BaseImage = "base:1",
            SdkImage = "sdk:1",
        },
        new BuildSettings
        {
            ProjectDirectory = tree.Root,
            UseSession = false,
            ImageRecordFile = tree.FullPath("obj/ContainerStages.image.json"),
            SkipUnchangedImage = skip,
        });

    private static (FakeEngine Engine, RecordingCodedLog Log, IReadOnlyList<PlatformImage> Images) Publish(TempTree tree, FakeEngine? engine = null, bool skip = true)
    {
        var (plan, settings) = OnePlatform(tree, skip);
        engine ??= NewEngine();
        var log = new RecordingCodedLog();
        var images = new ImageBuildJob(plan, settings, log).Run(() => engine, QuietImageBuildLog.Instance, new RecordingSizeReportLog(), CancellationToken.None);
        return (engine, log, images);
    }

    private static FakeEngine NewEngine()
    {
        var engine = new FakeEngine();
        engine.KnownImages["sdk:1"] = "sha256:sdk";
        return engine;
    }

    private static bool Built(FakeEngine engine) => engine.Calls.Any(c => c.StartsWith("build ", StringComparison.Ordinal));

    [TestMethod]
    public void FirstPublish_Builds_AndRecordsTheImage()
    {
        using var tree = new TempTree();
        tree.WriteFile("Program.cs", "class P {}");

        var (engine, log, images) = Publish(tree);

        Assert.IsTrue(Built(engine));
        CollectionAssert.Contains(log.Events, "message ImageNotUnchanged");
        var record = BuiltImageRecord.TryRead(tree.FullPath("obj/ContainerStages.image.json"));
        Assert.IsNotNull(record);
        Assert.AreEqual(images[0].Result.ImageId, record.ImageId);
        CollectionAssert.AreEqual(new[] { "app:1", "app:latest" }, record.References.ToArray());
        Assert.AreEqual("sha256:sdk", record.ReadImages["sdk:1"], "The build stage's image is read too.");
        Assert.AreEqual("sha256:base", record.ReadImages["base:1"]);
    }

    [TestMethod]
    public void SecondPublish_WithNothingChanged_KeepsTheImage_WithoutABuild()
    {
        using var tree = new TempTree();
        tree.WriteFile("Program.cs", "class P {}");
        var (engine, _, first) = Publish(tree);
        engine.Calls.Clear();

        var (_, log, second) = Publish(tree, engine);

        Assert.IsFalse(Built(engine), string.Join("\n", engine.Calls));
        Assert.IsEmpty(engine.Calls.Where(c => c.StartsWith("tag ", StringComparison.Ordinal)));
        CollectionAssert.Contains(log.Events, "message ImageKept");
        CollectionAssert.Contains(log.Events, "message ImageUnchanged");
        Assert.AreEqual(first[0].Result.ImageId, second[0].Result.ImageId);
        Assert.AreEqual(first[0].Result.Size, second[0].Result.Size);
        CollectionAssert.AreEqual(first[0].Result.ImageReferences.ToArray(), second[0].Result.ImageReferences.ToArray());
    }

    [TestMethod]
    public void AChangedFile_Builds()
    {
        using var tree = new TempTree();
        string source = tree.WriteFile("Program.cs", "class P {}");
        var (engine, _, _) = Publish(tree);
        engine.Calls.Clear();

        File.WriteAllText(source, "class P { int x; }");
        File.SetLastWriteTimeUtc(source, DateTime.UtcNow.AddMinutes(1));
        Publish(tree, engine);

        Assert.IsTrue(Built(engine));
    }

    [TestMethod]
    public void AFileRewrittenWithTheSameContent_DoesNotCountAsAChange_AndIsNotHashedAgainNextTime()
    {
        using var tree = new TempTree();
        string source = tree.WriteFile("Program.cs", "class P {}");
        var (engine, _, _) = Publish(tree);
        engine.Calls.Clear();
        long firstTime = BuiltImageRecord.TryRead(tree.FullPath("obj/ContainerStages.image.json"))!.Files[source].TimeTicks;

        File.WriteAllText(source, "class P {}");
        var later = DateTime.UtcNow.AddMinutes(1);
        File.SetLastWriteTimeUtc(source, later);
        Publish(tree, engine);

        Assert.IsFalse(Built(engine), string.Join("\n", engine.Calls));
        var record = BuiltImageRecord.TryRead(tree.FullPath("obj/ContainerStages.image.json"))!;
        Assert.AreNotEqual(firstTime, record.Files[source].TimeTicks, "The new time should be on record.");
    }

    [TestMethod]
    public void AFileTheDockerignoreLeavesOut_DoesNotCountAsAChange()
    {
        using var tree = new TempTree();
        tree.WriteFile(".dockerignore", "obj/\nbin/\n");
        tree.WriteFile("Program.cs", "class P {}");
        var (engine, _, _) = Publish(tree);
        engine.Calls.Clear();

        tree.WriteFile("bin/Debug/app.dll", "new output");
        Publish(tree, engine);

        Assert.IsFalse(Built(engine), string.Join("\n", engine.Calls));
    }

    [TestMethod]
    public void ABaseImageWithANewId_Builds()
    {
        using var tree = new TempTree();
        var (engine, _, _) = Publish(tree);
        engine.Calls.Clear();

        engine.KnownImages["base:1"] = "sha256:newer-base";
        var (_, log, _) = Publish(tree, engine);

        Assert.IsTrue(Built(engine));
        Assert.AreEqual("base:1 changed", log.Arguments("ImageNotUnchanged")[0]);
    }

    [TestMethod]
    public void AnImageTheEngineLacks_Builds_SinceOnlyItsRegistryKnowsWhetherItIsNew()
    {
        using var tree = new TempTree();
        var (engine, _, _) = Publish(tree);
        engine.Calls.Clear();

        engine.KnownImages.Remove("sdk:1");
        Publish(tree, engine);

        Assert.IsTrue(Built(engine));
    }

    [TestMethod]
    public void ATagMovedToAnotherImage_Builds()
    {
        using var tree = new TempTree();
        var (engine, _, _) = Publish(tree);
        engine.Calls.Clear();

        engine.Tags.Add("sha256:other -> app:latest");
        var (_, log, _) = Publish(tree, engine);

        Assert.IsTrue(Built(engine));
        Assert.AreEqual("app:latest is not the image built last", log.Arguments("ImageNotUnchanged")[0]);
    }

    [TestMethod]
    public void SkipUnchangedImageFalse_AlwaysBuilds()
    {
        using var tree = new TempTree();
        var (engine, _, _) = Publish(tree);
        engine.Calls.Clear();

        Publish(tree, engine, skip: false);

        Assert.IsTrue(Built(engine));
    }

    [TestMethod]
    public void AnUnreadableRecord_Builds()
    {
        using var tree = new TempTree();
        var (engine, _, _) = Publish(tree);
        engine.Calls.Clear();

        File.WriteAllText(tree.FullPath("obj/ContainerStages.image.json"), "{ not json");
        Publish(tree, engine);

        Assert.IsTrue(Built(engine));
    }
}
