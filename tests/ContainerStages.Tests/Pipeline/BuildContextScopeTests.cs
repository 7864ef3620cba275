using ContainerStages.Pipeline;

namespace ContainerStages.Tests.Pipeline;

/// <summary>The host-publish path sends only the Dockerfile (and the publish folder) when nothing else of the context is read.</summary>
[TestClass]
public sealed class BuildContextScopeTests
{
    private const string Dockerfile = """
        ARG CONTAINERSTAGES_APP_STAGE=publish
        FROM sdk:1 AS publish
        COPY . .
        FROM scratch AS host-publish
        COPY .containerstages/publish/ /app/publish/
        FROM ${CONTAINERSTAGES_APP_STAGE} AS app
        FROM base:1 AS runtime
        COPY --from=app /app/publish .
        """;

    private static readonly Dictionary<string, string> HostPublish = new() { ["CONTAINERSTAGES_APP_STAGE"] = "host-publish" };

    private static ImageBuildInput Input(TempTree tree, string dockerfile = Dockerfile) => new()
    {
        ContextDirectory = tree.Root,
        DockerfilePath = tree.WriteFile("src/App/Dockerfile", dockerfile),
        Target = "runtime",
        ImageReferences = ["app:1"],
    };

    [TestMethod]
    public void HostPublish_SendsOnlyTheDockerfile_OfTheContext()
    {
        using var tree = new TempTree();
        tree.WriteFile(".dockerignore", "bin/\n");
        var rules = BuildContextScope.Rules(Input(tree), usesHostPublish: true, HostPublish);

        Assert.IsTrue(rules.IsExcluded("src/App/Program.cs"));
        Assert.IsTrue(rules.IsExcluded("README.md"));
        Assert.IsFalse(rules.IsExcluded("src/App/Dockerfile"));
    }

    [TestMethod]
    public void TheSdkStages_OrAStageThatReadsTheSources_GetTheWholeContext()
    {
        using var tree = new TempTree();
        tree.WriteFile(".dockerignore", "bin/\n");

        var inContainer = BuildContextScope.Rules(Input(tree), usesHostPublish: false, new Dictionary<string, string>());
        var withTests = BuildContextScope.Rules(
            Input(tree, Dockerfile + "\nCOPY --from=publish /tests-passed ./\n"), usesHostPublish: true, HostPublish);

        foreach (var rules in new[] { inContainer, withTests })
        {
            Assert.IsFalse(rules.IsExcluded("src/App/Program.cs"));
            Assert.IsTrue(rules.IsExcluded("bin/App.dll"));
        }
    }
}
