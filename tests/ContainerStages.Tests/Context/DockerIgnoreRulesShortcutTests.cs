using ContainerStages.Context;

namespace ContainerStages.Tests.Context;

/// <summary>
/// The matcher's shortcuts give the same answers as the general path: the literal-shape tests of
/// "**/*.ext" and "**/name.*" against the automaton (a "[x]" class forces the automaton for the same
/// meaning), and the parent-decisive exclusion test against the full per-pattern one.
/// </summary>
[TestClass]
public sealed class DockerIgnoreRulesShortcutTests
{
    private static readonly string[] Segments = ["a", "b", ".env", ".env.local", "x.user", ".user", "user", "a.user.b", "node_modules", "bin", "obj", "package.json", "q.env.x"];

    private static IEnumerable<string> Paths()
    {
        foreach (string first in Segments)
        {
            yield return first;
            foreach (string second in Segments)
            {
                yield return first + "/" + second;
                yield return first + "/" + second + "/" + first;
            }
        }
    }

    [TestMethod]
    [DataRow("**/*.user", "**/*[.]user")]
    [DataRow("**/.env.*", "**/[.]env.*")]
    [DataRow("**/*.json", "**/*[.]json")]
    [DataRow("**/package*", "**/[p]ackage*")]
    public void LiteralShapes_AnswerAsTheAutomatonDoes(string shortcut, string general)
    {
        var fast = DockerIgnoreRules.Parse(shortcut);
        var slow = DockerIgnoreRules.Parse(general);

        foreach (string path in Paths())
        {
            Assert.AreEqual(slow.IsExcluded(path), fast.IsExcluded(path), $"'{shortcut}' vs '{general}' on '{path}'");
        }
    }

    [TestMethod]
    [DataRow("**/.env.*", ".env.", true)]
    [DataRow("**/.env.*", "a/.env.local", true)]
    [DataRow("**/.env.*", "a.env.local", false)]
    [DataRow("**/.env.*", "a/.env", false)]
    [DataRow("**/*.user", "a/b/.user", true)]
    [DataRow("**/*.user", "a.user/b", true)] // excluded through its parent folder, as Docker does
    [DataRow("**/*.user", "a/userx", false)]
    public void LiteralShapes_MatchLikeDocker(string pattern, string path, bool excluded) =>
        Assert.AreEqual(excluded, DockerIgnoreRules.Parse(pattern).IsExcluded(path), $"'{pattern}' on '{path}'");

    [TestMethod]
    public void ParentDecisiveTest_AgreesWithTheFullTest_OnRandomRuleSets()
    {
        string[] pool =
        [
            "**", "node_modules", "**/node_modules", "!**/package.json", "!node_modules/a", "bin", "obj", "**/bin",
            "!**/bin/b", "*.user", "**/*.user", "!x.user", "a", "!a/b", "a/**", "!a/**/.env", "**/.env.*", "!**/.env.local",
            "*/obj", "!b/obj/a",
        ];
        var random = new Random(20261126);
        for (int round = 0; round < 300; round++)
        {
            var rules = DockerIgnoreRules.Parse(string.Join("\n", Enumerable.Range(0, random.Next(1, 7)).Select(_ => pool[random.Next(pool.Length)])));
            foreach (string path in Paths())
            {
                int slash = path.LastIndexOf('/');
                bool[]? parentMatches = null;
                if (slash > 0)
                {
                    string[] parts = path[..slash].Split('/');
                    for (int depth = 1; depth <= parts.Length; depth++)
                    {
                        parentMatches = rules.MatchDirectory(string.Join("/", parts.Take(depth)), parentMatches);
                    }
                }

                Assert.AreEqual(
                    rules.IsExcluded(path, parentMatches),
                    rules.IsExcluded(path, DockerIgnoreRules.DecisiveIndex(parentMatches)),
                    $"rules '{string.Join(" | ", rules.Patterns)}', path '{path}'");
            }
        }
    }
}
