using System.Text;
using ContainerStages.Secrets;
using ContainerStages.Tests.Registry;

namespace ContainerStages.Tests.Secrets;

/// <summary>ContainerStagesSecret items read as 'docker build --secret id=...,src=...|env=...' reads them.</summary>
[TestClass]
public sealed class SecretReaderTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cstg-secrets-").FullName;

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void Read_TakesAVariableAndAFileRelativeToTheProject()
    {
        File.WriteAllText(Path.Combine(_folder, "key.txt"), "from a file\n");
        var environment = new FakeEnvironment(_folder) { Variables = { ["API_TOKEN"] = "from a variable" } };

        var secrets = SecretReader.Read([new("api-token", null, "API_TOKEN"), new("key", "key.txt", null)], environment, _folder);

        Assert.AreEqual("from a variable", Encoding.UTF8.GetString(secrets["api-token"]));
        Assert.AreEqual("from a file\n", Encoding.UTF8.GetString(secrets["key"]), "A file's bytes are the secret as they are.");
    }

    [TestMethod]
    [DataRow(null, null, "neither")]
    [DataRow("key.txt", "API_TOKEN", "both")]
    [DataRow(null, "UNSET_VARIABLE", "not set")]
    [DataRow("missing.txt", null, "does not exist")]
    public void Read_AnItemWithoutExactlyOneUsableSource_IsCSTG0101(string? file, string? variable, string reason)
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => SecretReader.Read([new("token", file, variable)], new FakeEnvironment(_folder) { Variables = { ["API_TOKEN"] = "x" } }, _folder));

        Assert.AreEqual("SecretSourceInvalid", error.ResourceName);
        StringAssert.Contains((string)error.Arguments[1]!, reason);
    }

    [TestMethod]
    public void Read_TheSameIdTwice_IsCSTG0101()
    {
        var environment = new FakeEnvironment(_folder) { Variables = { ["A"] = "1", ["B"] = "2" } };

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => SecretReader.Read([new("token", null, "A"), new("token", null, "B")], environment, _folder));

        StringAssert.Contains((string)error.Arguments[1]!, "twice");
    }

    [TestMethod]
    [DataRow("has space")]
    [DataRow("comma,id")]
    [DataRow("a=b")]
    [DataRow("")]
    public void Read_AnIdAMountCouldNotName_IsCSTG0102(string id)
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => SecretReader.Read([new(id, null, "A")], new FakeEnvironment(_folder) { Variables = { ["A"] = "1" } }, _folder));

        Assert.AreEqual("SecretIdInvalid", error.ResourceName);
    }

    [TestMethod]
    [DataRow("npm-token")]
    [DataRow("nuget.credentials")]
    [DataRow("API_TOKEN_2")]
    public void IsValidId_TakesLettersDigitsDotsDashesAndUnderscores(string id) => Assert.IsTrue(SecretReader.IsValidId(id));
}
