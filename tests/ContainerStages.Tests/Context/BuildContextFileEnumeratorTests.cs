using ContainerStages.Context;

namespace ContainerStages.Tests.Context;

[TestClass]
public sealed class BuildContextFileEnumeratorTests
{
    [TestMethod]
    public void Enumerate_Tree_ListsInOrdinalOrderWithDirectoriesBeforeTheirContents()
    {
        using var context = new TempTree();
        context.WriteFile("b.txt");
        context.WriteFile("a-b");
        context.WriteFile("a/z.txt");
        context.WriteFile("a/b/c.txt");
        context.WriteFile("a.txt");
        context.WriteFile("A.txt");
        context.WriteFile("a0");

        var paths = Paths(context.Root, DockerIgnoreRules.Empty);

        // "a/" sorts after "a-b" and "a.txt" ('-' and '.' are below '/') and before "a0".
        CollectionAssert.AreEqual(new[] { "A.txt", "a-b", "a.txt", "a", "a/b", "a/b/c.txt", "a/z.txt", "a0", "b.txt" }, paths);
    }

    [TestMethod]
    public void Enumerate_Dotfiles_AreListed()
    {
        using var context = new TempTree();
        context.WriteFile(".editorconfig");
        context.WriteFile(".config/dotnet-tools.json");

        CollectionAssert.AreEqual(new[] { ".config", ".config/dotnet-tools.json", ".editorconfig" }, Paths(context.Root, DockerIgnoreRules.Empty));
    }

    [TestMethod]
    public void Enumerate_ExcludedDirectory_IsNotRead()
    {
        using var context = new TempTree();
        context.WriteFile("src/App/Program.cs");
        context.WriteFile("src/App/bin/Debug/App.dll");
        context.WriteFile("src/App/obj/project.assets.json");
        var read = new List<string>();

        var paths = BuildContextFileEnumerator
            .Enumerate(context.Root, DockerIgnoreRules.Parse("**/bin/\n**/obj/"), read.Add, CancellationToken.None)
            .Select(e => e.RelativePath)
            .ToArray();

        CollectionAssert.AreEqual(new[] { "src", "src/App", "src/App/Program.cs" }, paths);
        CollectionAssert.AreEqual(new[] { "", "src", "src/App" }, read);
    }

    [TestMethod]
    public void Enumerate_ExceptionInsideExcludedDirectory_ReadsItAndListsTheDirectoriesOnTheWay()
    {
        using var context = new TempTree();
        context.WriteFile("docs/api/keep.md");
        context.WriteFile("docs/api/drop.md");
        context.WriteFile("docs/guide/drop.md");
        context.WriteFile("docs/empty/.gitkeep");
        var read = new List<string>();

        var paths = BuildContextFileEnumerator
            .Enumerate(context.Root, DockerIgnoreRules.Parse("docs\n!docs/api/keep.md"), read.Add, CancellationToken.None)
            .Select(e => e.RelativePath)
            .ToArray();

        CollectionAssert.AreEqual(new[] { "docs", "docs/api", "docs/api/keep.md" }, paths);
        CollectionAssert.AreEqual(new[] { "", "docs", "docs/api" }, read);
    }

    [TestMethod]
    public void Enumerate_WildcardExceptionInsideExcludedDirectory_FindsTheFiles()
    {
        using var context = new TempTree();
        context.WriteFile("bin/x/keep.txt");
        context.WriteFile("bin/x/App.dll");

        var paths = Paths(context.Root, DockerIgnoreRules.Parse("bin\n!**/keep.txt"));

        CollectionAssert.AreEqual(new[] { "bin", "bin/x", "bin/x/keep.txt" }, paths);
    }

    [TestMethod]
    public void Enumerate_DockerIgnoreFile_IsAlwaysListed()
    {
        using var context = new TempTree();
        context.WriteFile(".dockerignore", "*\n");
        context.WriteFile("Program.cs");

        CollectionAssert.AreEqual(new[] { ".dockerignore" }, Paths(context.Root, DockerIgnoreRules.Parse("*\n.dockerignore")));
    }

    [TestMethod]
    public void Enumerate_AlwaysIncludedDockerfileInExcludedDirectory_IsListed()
    {
        using var context = new TempTree();
        context.WriteFile("build/Dockerfile");
        context.WriteFile("build/other.sh");

        var rules = DockerIgnoreRules.Parse("build\nDockerfile").WithAlwaysIncluded("build/Dockerfile");

        CollectionAssert.AreEqual(new[] { "build", "build/Dockerfile" }, Paths(context.Root, rules));
    }

    [TestMethod]
    public void Enumerate_Entries_CarrySizesKindsAndTimes()
    {
        using var context = new TempTree();
        string file = context.WriteFile("src/data.bin", new string('x', 1234));
        var written = new DateTime(2024, 5, 6, 7, 8, 9, 500, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(file, written);

        var entries = BuildContextFileEnumerator.Enumerate(context.Root, DockerIgnoreRules.Empty).ToList();

        var data = entries.Single(e => e.RelativePath == "src/data.bin");
        Assert.AreEqual(BuildContextEntryKind.File, data.Kind);
        Assert.AreEqual(1234, data.Length);
        Assert.AreEqual(file, data.FullPath);
        Assert.AreEqual(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero), data.LastWriteTimeUtc);
        Assert.AreEqual(BuildContextEntryKind.Directory, entries.Single(e => e.RelativePath == "src").Kind);
        Assert.AreEqual(1234, entries.Where(e => e.Kind == BuildContextEntryKind.File).Sum(e => e.Length));
    }

    [TestMethod]
    public void Enumerate_SymbolicLinkToDirectory_IsListedAsALinkAndNotFollowed()
    {
        SkipWithoutSymbolicLinks();
        using var context = new TempTree();
        using var outside = new TempTree();
        outside.WriteFile("secret.txt");
        Directory.CreateSymbolicLink(context.FullPath("linked"), outside.Root);

        var entries = BuildContextFileEnumerator.Enumerate(context.Root, DockerIgnoreRules.Empty).ToList();

        var link = entries.Single();
        Assert.AreEqual("linked", link.RelativePath);
        Assert.AreEqual(BuildContextEntryKind.SymbolicLink, link.Kind);
        Assert.AreEqual(outside.Root, link.LinkTarget);
    }

    [TestMethod]
    public void Enumerate_Cancelled_Throws()
    {
        using var context = new TempTree();
        context.WriteFile("a.txt");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsExactly<OperationCanceledException>(() =>
            BuildContextFileEnumerator.Enumerate(context.Root, DockerIgnoreRules.Empty, cancellation.Token).ToList());
    }

    [TestMethod]
    public void Enumerate_MissingDirectory_Throws()
    {
        using var context = new TempTree();

        Assert.ThrowsExactly<DirectoryNotFoundException>(() =>
            BuildContextFileEnumerator.Enumerate(Path.Combine(context.Root, "missing"), DockerIgnoreRules.Empty));
    }

    internal static void SkipWithoutSymbolicLinks()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Inconclusive("Creating symbolic links needs developer mode or elevation on Windows.");
        }
    }

    private static string[] Paths(string root, DockerIgnoreRules rules) =>
        BuildContextFileEnumerator.Enumerate(root, rules).Select(e => e.RelativePath).ToArray();
}
