using System.Formats.Tar;
using System.Text;
using ContainerStages.Context;

namespace ContainerStages.Tests.Context;

/// <summary>A folder from outside the context sent under a path of its own: the host's publish output.</summary>
[TestClass]
public sealed class BuildContextOverlayTests
{
    private static readonly DateTimeOffset Stamp = DateTimeOffset.FromUnixTimeSeconds(1700000000);

    [TestMethod]
    public void Write_Overlay_GoesUnderItsPathAfterTheContextWithEveryTimeStamped()
    {
        using var context = new TempTree();
        using var publish = new TempTree();
        context.WriteFile(".dockerignore", "**/bin/\n");
        context.WriteFile("Api/Program.cs", "class P {}");
        publish.WriteFile("Api.dll", "dll");
        publish.WriteFile("wwwroot/index.html", "<html/>");
        File.SetLastWriteTimeUtc(publish.FullPath("Api.dll"), new DateTime(2031, 1, 1, 0, 0, 0, DateTimeKind.Utc));

        var entries = Write(context.Root, new BuildContextOverlay(".containerstages/publish", publish.Root, Stamp, []));

        CollectionAssert.AreEqual(
            new[]
            {
                ".dockerignore", "Api/", "Api/Program.cs",
                ".containerstages/", ".containerstages/publish/", ".containerstages/publish/Api.dll",
                ".containerstages/publish/wwwroot/", ".containerstages/publish/wwwroot/index.html",
            },
            entries.Select(e => e.Name).ToArray());
        var overlay = entries.Where(e => e.Name.StartsWith(".containerstages/", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(overlay.All(e => e.ModificationTime == Stamp), "Every overlay entry should carry the given time.");
        Assert.IsTrue(overlay.All(e => e.Uid == 0 && e.Gid == 0 && e.UserName.Length == 0));
        Assert.AreEqual("dll", Encoding.UTF8.GetString(overlay.Single(e => e.Name.EndsWith("Api.dll", StringComparison.Ordinal)).Content));
    }

    [TestMethod]
    public void Write_Overlay_IsSentWhateverTheDockerIgnoreSays()
    {
        using var context = new TempTree();
        using var publish = new TempTree();
        context.WriteFile(".dockerignore", "*\n");
        publish.WriteFile("bin/App.dll", "dll");

        var entries = Write(context.Root, new BuildContextOverlay(".containerstages/publish", publish.Root, Stamp, []));

        Assert.IsTrue(entries.Any(e => e.Name == ".containerstages/publish/bin/App.dll"), string.Join(", ", entries.Select(e => e.Name)));
    }

    [TestMethod]
    public void Write_Overlay_LeavesOutTheExcludedTopLevelFileOnly()
    {
        using var context = new TempTree();
        using var publish = new TempTree();
        publish.WriteFile("Api", "apphost");
        publish.WriteFile("Api.dll", "dll");
        publish.WriteFile("tools/Api", "a tool that happens to share the name");

        var names = Write(context.Root, new BuildContextOverlay(".containerstages/publish", publish.Root, Stamp, ["Api"])).Select(e => e.Name).ToList();

        Assert.DoesNotContain(".containerstages/publish/Api", names);
        Assert.Contains(".containerstages/publish/Api.dll", names);
        Assert.Contains(".containerstages/publish/tools/Api", names);
    }

    [TestMethod]
    public void Write_ContextFolderOfTheOverlaysName_IsReplacedNotMixedIn()
    {
        using var context = new TempTree();
        using var publish = new TempTree();
        context.WriteFile(".containerstages/publish/stale.dll", "stale");
        context.WriteFile(".containerstages/other.txt", "other");
        publish.WriteFile("fresh.dll", "fresh");

        var names = Write(context.Root, new BuildContextOverlay(".containerstages/publish", publish.Root, Stamp, [])).Select(e => e.Name).ToList();

        Assert.AreEqual(1, names.Count(n => n == ".containerstages/"), "Each entry is written once.");
        Assert.Contains(".containerstages/publish/fresh.dll", names);
        Assert.DoesNotContain(".containerstages/publish/stale.dll", names);
        Assert.DoesNotContain(".containerstages/other.txt", names);
    }

    [TestMethod]
    public void Write_OverlayWithoutTime_KeepsTheFilesOwnTimes()
    {
        using var context = new TempTree();
        using var publish = new TempTree();
        publish.WriteFile("Api.dll", "dll");
        var own = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(publish.FullPath("Api.dll"), own);

        var entries = Write(context.Root, new BuildContextOverlay(".containerstages/publish", publish.Root, FileTime: null, []));

        Assert.AreEqual(new DateTimeOffset(own), entries.Single(e => e.Name.EndsWith("Api.dll", StringComparison.Ordinal)).ModificationTime);
    }

    [TestMethod]
    public void Write_OverlayCounts_AreInTheResult()
    {
        using var context = new TempTree();
        using var publish = new TempTree();
        context.WriteFile("a.txt", "a");
        publish.WriteFile("Api.dll", "12345");

        using var output = new MemoryStream();
        var result = BuildContextTar.Write(context.Root, DockerIgnoreRules.Empty, output, null, [new BuildContextOverlay(".containerstages/publish", publish.Root, Stamp, [])]);

        Assert.AreEqual(2, result.FileCount);
        Assert.AreEqual(6, result.FileBytes);
        Assert.AreEqual(TarEntryType.RegularFile, TarTestReader.ReadEntries(output.ToArray()).Last().Type);
    }

    private static List<TarEntrySnapshot> Write(string root, BuildContextOverlay overlay)
    {
        var rules = DockerIgnoreRules.Parse(File.Exists(Path.Combine(root, ".dockerignore")) ? File.ReadAllText(Path.Combine(root, ".dockerignore")) : string.Empty);
        using var output = new MemoryStream();
        BuildContextTar.Write(root, rules, output, null, [overlay]);
        return TarTestReader.ReadEntries(output.ToArray());
    }
}
