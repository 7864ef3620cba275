using ContainerStages.Context;

namespace ContainerStages.Tests.Context;

/// <summary>Skipping excluded directories, and paths that are always kept.</summary>
[TestClass]
public sealed class DockerIgnoreRulesDirectoryTests
{
    [TestMethod]
    [DataRow("bin", "bin", false)]
    [DataRow("bin", "src", true)]
    [DataRow("bin\n!bin/keep.txt", "bin", true)]
    [DataRow("bin\n!src/keep.txt", "bin", false)]
    [DataRow("bin\n!binary/keep.txt", "bin", false)]
    [DataRow("!bin/keep.txt\nbin", "bin", false)]
    [DataRow("bin\n!bin/sub/keep.txt", "bin/sub", true)]
    [DataRow("bin\n!bin/sub/keep.txt", "bin/other", false)]
    // Wildcard exceptions: Docker's CLI walker would skip these directories and lose the files.
    [DataRow("bin\n!**/*.cs", "bin", true)]
    [DataRow("bin\n!bin/*/keep", "bin/x", true)]
    [DataRow("bin\n!bin/*/keep", "bin/x/y", false)]
    [DataRow("**/obj\n!**/obj/keep", "a/b/obj", true)]
    // An exception at its own depth cannot reach into a subdirectory.
    [DataRow("*\n!*.cs", "src", false)]
    [DataRow("*\n!src", "src", true)]
    [DataRow("*\n!src/App", "src", true)]
    [DataRow("*\n!src/App", "tests", false)]
    // A directory that is not excluded may hold included files.
    [DataRow("bin/**\n!bin/sub/keep", "bin", true)]
    [DataRow("bin/**\n!bin/sub/keep", "bin/other", false)]
    [DataRow("**", "anything", false)]
    [DataRow("**\n!**/*.csproj", "src/App", true)]
    public void MayContainIncludedFiles_ExcludedDirectory_IsTrueOnlyWhenAnExceptionCanReachInside(string text, string directory, bool expected)
    {
        var rules = DockerIgnoreRules.Parse(text);

        Assert.AreEqual(expected, rules.MayContainIncludedFiles(directory));
    }

    [TestMethod]
    public void MayContainIncludedFiles_WhenFalse_EveryPathBelowIsExcluded()
    {
        // Cross-check the shortcut against plain matching over a sample tree and many rule sets.
        string[] ruleSets =
        [
            "bin", "bin\n!bin/keep.txt", "*\n!*.cs", "*\n!src/App", "**/obj\n!**/obj/keep",
            "src\n!src/App\nsrc/App/bin", "docs/*\n!docs/README.md", "**\n!**/*.csproj", "a*\n!ab/c",
            "src/*/bin\n!src/*/bin/x", "**/bin\n!bin/keep/**", "*/\n!*/keep.txt", "[ab]*\n![b]*/c",
        ];
        string[] directories = ["bin", "bin/keep", "src", "src/App", "src/App/bin", "docs", "ab", "a", "b", "obj", "x/obj", "tests"];
        string[] below = ["keep.txt", "x.cs", "App.csproj", "c", "README.md", "deep/er/file", "keep/x", "bin/x"];

        foreach (string text in ruleSets)
        {
            var rules = DockerIgnoreRules.Parse(text);
            foreach (string directory in directories.Where(d => !rules.MayContainIncludedFiles(d)))
            {
                foreach (string path in below)
                {
                    Assert.IsTrue(rules.IsExcluded(directory + "/" + path), $"rules '{text.Replace("\n", " | ", StringComparison.Ordinal)}': {directory}/{path}");
                }
            }
        }
    }

    [TestMethod]
    public void WithAlwaysIncluded_ExcludedFile_IsKept()
    {
        var rules = DockerIgnoreRules.Parse("*\nDockerfile").WithAlwaysIncluded("Dockerfile");

        Assert.IsFalse(rules.IsExcluded("Dockerfile"));
        Assert.IsTrue(rules.IsExcluded("Program.cs"));
        Assert.AreEqual("!Dockerfile", rules.Patterns[^1]);
    }

    [TestMethod]
    public void WithAlwaysIncluded_FileInExcludedDirectory_KeepsItAndOpensTheDirectory()
    {
        var rules = DockerIgnoreRules.Parse("src").WithAlwaysIncluded("src/App/Dockerfile");

        Assert.IsFalse(rules.IsExcluded("src/App/Dockerfile"));
        Assert.IsTrue(rules.IsExcluded("src/App/Program.cs"));
        Assert.IsTrue(rules.MayContainIncludedFiles("src"));
        Assert.IsTrue(rules.MayContainIncludedFiles("src/App"));
        Assert.IsFalse(rules.MayContainIncludedFiles("src/Other"));
    }

    [TestMethod]
    public void WithAlwaysIncluded_NameWithPatternCharacters_IsTakenLiterally()
    {
        var rules = DockerIgnoreRules.Parse("*").WithAlwaysIncluded("we[i]rd*?.Dockerfile");

        Assert.IsFalse(rules.IsExcluded("we[i]rd*?.Dockerfile"));
        Assert.IsTrue(rules.IsExcluded("weird.Dockerfile"));
        Assert.AreEqual("!we\\[i\\]rd\\*\\?.Dockerfile", rules.Patterns[^1]);
    }

    [TestMethod]
    public void WithAlwaysIncluded_LeavesTheOriginalRulesUnchanged()
    {
        var rules = DockerIgnoreRules.Parse("*");

        _ = rules.WithAlwaysIncluded("Dockerfile");

        Assert.IsTrue(rules.IsExcluded("Dockerfile"));
        Assert.HasCount(1, rules.Patterns);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow(".")]
    [DataRow("../Dockerfile")]
    [DataRow("/etc/Dockerfile")]
    public void WithAlwaysIncluded_PathOutsideTheContext_Throws(string path)
    {
        Assert.ThrowsExactly<ArgumentException>(() => DockerIgnoreRules.Empty.WithAlwaysIncluded(path));
    }
}
