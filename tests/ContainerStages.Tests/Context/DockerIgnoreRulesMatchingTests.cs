using ContainerStages.Context;

namespace ContainerStages.Tests.Context;

/// <summary>
/// The matching table: what one pattern, or several, leave out, with the meaning Docker gives them
/// (cases modelled on moby/patternmatcher's own tests and on Go's filepath.Match tests).
/// </summary>
[TestClass]
public sealed class DockerIgnoreRulesMatchingTests
{
    [TestMethod]
    // "**" alone, and "**/", match everything.
    [DataRow("**", "file", true)]
    [DataRow("**", "dir/file", true)]
    [DataRow("**/", "file", true)]
    [DataRow("**/", "dir/file", true)]
    [DataRow("**/**", "dir/file", true)]
    // A trailing "**" matches below a directory, not the directory itself.
    [DataRow("dir/**", "dir/file", true)]
    [DataRow("dir/**", "dir/sub/file", true)]
    [DataRow("dir/**", "dir", false)]
    [DataRow("dir/**", "dirx/file", false)]
    [DataRow("abc**", "abcdef", true)]
    [DataRow("abc**", "abc/def/ghi", true)]
    // A leading "**/" matches at any depth, the root included.
    [DataRow("**/dir", "dir", true)]
    [DataRow("**/dir", "a/b/dir", true)]
    [DataRow("**/dir", "a/b/dir/file", true)]
    [DataRow("**/dir", "a/bdir", false)]
    [DataRow("**/dir2/*", "dir/dir2/file", true)]
    [DataRow("**/dir2/*", "dir2/file", true)]
    [DataRow("**/dir2/**", "dir/dir2/dir3/file", true)]
    [DataRow("**/foo/bar", "foo/bar", true)]
    [DataRow("**/foo/bar", "dir/foo/bar", true)]
    [DataRow("**/foo/bar", "dir/dir2/foo/bar", true)]
    [DataRow("**/foo/bar", "dir/xfoo/bar", false)]
    [DataRow("**/.foo", ".foo", true)]
    [DataRow("**/.foo", "bar.foo", false)]
    [DataRow("**/*.txt", "file.txt", true)]
    [DataRow("**/*.txt", "a/b/file.txt", true)]
    [DataRow("**/**/*.txt", "a/b/file.txt", true)]
    [DataRow("**/**/*.txt", "file.txt", true)]
    [DataRow("**/**/*.txt2", "a/b/file.txt", false)]
    [DataRow("**/file*", "dir/dir/file", true)]
    [DataRow("**/file*.txt", "dir/dir/file.txt", true)]
    [DataRow("**/file*txt", "dir/dir/file.txt", true)]
    // Docker's suffix match: "**" then only literal text is a bare "ends with" test.
    [DataRow("**file", "file", true)]
    [DataRow("**file", "dir/file", true)]
    [DataRow("**file", "dir/myfile", true)]
    [DataRow("**.txt", "a/b/notes.txt", true)]
    [DataRow("**/file", "dir/myfile", false)]
    // "**" inside a pattern is "any directories, or none".
    [DataRow("a**/*.txt", "a/file.txt", true)]
    [DataRow("a**/*.txt", "a/dir/file.txt", true)]
    [DataRow("a**/*.txt", "a/dir/dir/file.txt", true)]
    [DataRow("a/**/b", "a/b", true)]
    [DataRow("a/**/b", "a/x/y/b", true)]
    [DataRow("a/**/b", "a/xb", false)]
    // "*" and "?" stay within one segment.
    [DataRow("*", "file", true)]
    [DataRow("*.go", "file.go", true)]
    [DataRow("*.go", "dir/file.go", false)]
    [DataRow("a/*.txt", "a/file.txt", true)]
    [DataRow("a/*.txt", "a/dir/file.txt", false)]
    [DataRow("a/*.txt**", "a/file.txt", true)]
    [DataRow("a*", "a", true)]
    [DataRow("a*", "abc", true)]
    [DataRow("*c", "abc", true)]
    [DataRow("*x", "xxx", true)]
    [DataRow("a*/b", "abc/b", true)]
    [DataRow("a*/b", "a/c/b", false)]
    [DataRow("a*b", "a/b", false)]
    [DataRow("a*b*c*d*e*/f", "axbxcxdxe/f", true)]
    [DataRow("a*b*c*d*e*/f", "axbxcxdxexxx/f", true)]
    [DataRow("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false)]
    [DataRow("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false)]
    [DataRow("a*b?c*x", "abxbbxdbxebxczzx", true)]
    [DataRow("a*b?c*x", "abxbbxdbxebxczzy", false)]
    [DataRow("abc?def", "abcZdef", true)]
    [DataRow("abc?def", "abcdef", false)]
    [DataRow("a?b", "a/b", false)]
    [DataRow(".*", ".foo", true)]
    [DataRow(".*", "foo", false)]
    [DataRow(".*", "dir/.foo", false)]
    // Characters are Unicode code points, as in Go.
    [DataRow("a?b", "a☺b", true)]
    [DataRow("a???b", "a☺b", false)]
    [DataRow("a?b", "a😀b", true)]
    [DataRow("[a-ζ]*", "α", true)]
    [DataRow("*[a-ζ]", "A", false)]
    // Character classes.
    [DataRow("ab[c]", "abc", true)]
    [DataRow("ab[b-d]", "abc", true)]
    [DataRow("ab[e-g]", "abc", false)]
    [DataRow("ab[^c]", "abc", false)]
    [DataRow("ab[^b-d]", "abc", false)]
    [DataRow("ab[^e-g]", "abc", true)]
    [DataRow("a[b-d]e", "ae", false)]
    [DataRow("a[^a][^a][^a]b", "a☺b", false)]
    [DataRow("a[^a]b", "a☺b", true)]
    [DataRow("[\\]a]", "]", true)]
    [DataRow("[\\-]", "-", true)]
    [DataRow("[x\\-]", "x", true)]
    [DataRow("[x\\-]", "-", true)]
    [DataRow("[x\\-]", "z", false)]
    [DataRow("[\\-x]", "a", false)]
    // Docker builds a regular expression, where a negated class also matches "/".
    [DataRow("a[^x]b", "a/b", true)]
    // Escapes.
    [DataRow("a\\*b", "a*b", true)]
    [DataRow("a\\*b", "axb", false)]
    [DataRow("a\\\\", "a\\", true)]
    [DataRow("\\[abc\\]", "[abc]", true)]
    [DataRow("a\\?", "ab", false)]
    // Regular-expression characters mean themselves.
    [DataRow("abc.def", "abc.def", true)]
    [DataRow("abc.def", "abcZdef", false)]
    [DataRow("a(b)c/def", "a(b)c/def", true)]
    [DataRow("a(b)c/def", "a(b)c/xyz", false)]
    [DataRow("a.|)$(}+{bc", "a.|)$(}+{bc", true)]
    [DataRow("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true)]
    [DataRow("dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true)]
    // A pattern matching a directory leaves out everything below it; only whole segments match.
    [DataRow("docs", "docs", true)]
    [DataRow("docs", "docs/README.md", true)]
    [DataRow("docs", "docs/a/b/c.md", true)]
    [DataRow("docs", "docsx", false)]
    [DataRow("docs", "src/docs", false)]
    [DataRow("docs/", "docs/README.md", true)]
    [DataRow("*", "dir/file", true)]
    [DataRow("src/*/bin", "src/App/bin/App.dll", true)]
    [DataRow("src/*/bin", "src/App/sub/bin/App.dll", false)]
    // Patterns are cleaned and made relative, like paths.
    [DataRow("/docs", "docs/a.md", true)]
    [DataRow("./docs", "docs", true)]
    [DataRow("docs//api/", "docs/api/x", true)]
    [DataRow("docs/../src", "src/x", true)]
    [DataRow("docs/./api", "docs/api", true)]
    // Case-sensitive everywhere, as Docker is.
    [DataRow("Bin", "bin", false)]
    [DataRow("*.CS", "Program.cs", false)]
    public void IsExcluded_SinglePattern_MatchesLikeDocker(string pattern, string path, bool excluded)
    {
        var rules = DockerIgnoreRules.Parse(pattern);

        Assert.AreEqual(excluded, rules.IsExcluded(path), $"pattern '{pattern}', path '{path}'");
    }

    [TestMethod]
    [DataRow("**\n!util/docker/web", "util/docker/web/foo", false)]
    [DataRow("**\n!util/docker/web\nutil/docker/web/foo", "util/docker/web/foo", true)]
    [DataRow("**\n!dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", false)]
    [DataRow("docs\n!docs/README.md", "docs/README.md", false)]
    [DataRow("docs\n!docs/README.md", "docs/other.md", true)]
    [DataRow("docs/\n!docs/README.md", "docs/README.md", false)]
    [DataRow("docs/*\n!docs/README.md", "docs/README.md", false)]
    [DataRow("!fileutils.go\n*.go", "fileutils.go", true)]
    [DataRow("*.go\n!fileutils.go", "fileutils.go", false)]
    // The example of Docker's documentation: the last matching line wins.
    [DataRow("*.md\n!README*.md\nREADME-secret.md", "README.md", false)]
    [DataRow("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", true)]
    [DataRow("*.md\n!README*.md\nREADME-secret.md", "CHANGES.md", true)]
    [DataRow("*.md\nREADME-secret.md\n!README*.md", "README-secret.md", false)]
    // An exception for a directory re-includes what is below it, until a later line excludes again.
    [DataRow("src\n!src/App", "src/App/Program.cs", false)]
    [DataRow("src\n!src/App\nsrc/App/bin", "src/App/bin/App.dll", true)]
    [DataRow("src\n!src/App\nsrc/App/bin", "src/App/Program.cs", false)]
    // A later exclusion that matches a parent directory wins over an earlier exception.
    [DataRow("docs\n!docs/README.md\ndocs", "docs/README.md", true)]
    // "*" then "!*.cs": exceptions match at their own depth only.
    [DataRow("*\n!*.cs", "Program.cs", false)]
    [DataRow("*\n!*.cs", "src/Program.cs", true)]
    [DataRow("*\n!**/*.cs", "src/Program.cs", false)]
    [DataRow("**/bin\n!**/bin/keep.txt", "a/bin/keep.txt", false)]
    [DataRow("**/bin\n!**/bin/keep.txt", "a/bin/drop.txt", true)]
    public void IsExcluded_SeveralPatterns_LastMatchingPatternDecides(string text, string path, bool excluded)
    {
        var rules = DockerIgnoreRules.Parse(text);

        Assert.AreEqual(excluded, rules.IsExcluded(path), $"patterns '{text.Replace("\n", " | ", StringComparison.Ordinal)}', path '{path}'");
    }

    [TestMethod]
    public void IsExcluded_NoPatterns_ExcludesNothing()
    {
        Assert.IsFalse(DockerIgnoreRules.Empty.IsExcluded("anything/at/all"));
        Assert.IsFalse(DockerIgnoreRules.Parse(string.Empty).IsExcluded("file"));
    }

    [TestMethod]
    [DataRow(".")]
    [DataRow("")]
    [DataRow("./")]
    public void IsExcluded_ContextRoot_IsNeverExcluded(string root)
    {
        Assert.IsFalse(DockerIgnoreRules.Parse("**\n*\n.").IsExcluded(root));
    }

    [TestMethod]
    public void IsExcluded_PathWithTrailingSlashOrDotSegments_IsCleanedFirst()
    {
        var rules = DockerIgnoreRules.Parse("docs");

        Assert.IsTrue(rules.IsExcluded("docs/"));
        Assert.IsTrue(rules.IsExcluded("./docs/a.md"));
        Assert.IsTrue(rules.IsExcluded("src/../docs/a.md"));
    }
}
