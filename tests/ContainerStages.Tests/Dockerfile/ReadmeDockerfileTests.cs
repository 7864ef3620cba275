using System.Text.RegularExpressions;
using ContainerStages.Stacks.DotNet;
using ContainerStages.Tests.Resources;
using ContainerStages.Tests.Stacks.DotNet;

namespace ContainerStages.Tests.Dockerfile;

/// <summary>
/// The Dockerfile the README shows is the one the writer writes for that project, to the byte; with
/// CONTAINERSTAGES_UPDATE_GOLDEN=1 the README's block is rewritten instead, like a golden file.
/// </summary>
[TestClass]
public sealed partial class ReadmeDockerfileTests
{
    [GeneratedRegex(@"(?<=```dockerfile\n)(?<text>.*?)(?=```)", RegexOptions.Singleline)]
    private static partial Regex DockerfileBlock();

    [TestMethod]
    public void ReadmeExample_IsTheWritersText()
    {
        string readmePath = Path.Combine(SourceTree.RepositoryRoot, "README.md");
        string readme = File.ReadAllText(readmePath).Replace("\r\n", "\n", StringComparison.Ordinal);
        var block = DockerfileBlock().Match(readme);
        Assert.IsTrue(block.Success, "The README has no ```dockerfile block.");
        string written = DotNetDockerfileWriter.Write(GoldenSpecs.Readme);

        if (GoldenFile.IsUpdating)
        {
            File.WriteAllText(readmePath, readme[..block.Index] + written + readme[(block.Index + block.Length)..]);
            return;
        }

        Assert.AreEqual(written, block.Groups["text"].Value, $"The README's Dockerfile is out of date: run the tests with {GoldenFile.UpdateVariable}=1 and review the README's diff.");
    }
}
