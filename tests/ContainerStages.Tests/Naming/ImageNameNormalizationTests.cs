using ContainerStages.Naming;

namespace ContainerStages.Tests.Naming;

/// <summary>The default repository made from an assembly name.</summary>
[TestClass]
public sealed class ImageNameNormalizationTests
{
    [TestMethod]
    [DataRow("MyApp", "myapp")]
    [DataRow("My.App", "my.app")]
    [DataRow("My App", "my-app")]
    [DataRow("My..App", "my-app")]
    [DataRow("My._App", "my-app")]
    [DataRow("My___App", "my-app")]
    [DataRow("My__App", "my__app")]
    [DataRow("My---App", "my---app")]
    [DataRow("_App_", "app")]
    [DataRow("App-", "app")]
    [DataRow(".App.", "app")]
    [DataRow("Ünïcode", "n-code")]
    [DataRow("Café.Api", "caf-api")]
    [DataRow("My+App#2", "my-app-2")]
    [DataRow("Team/My App", "team/my-app")]
    [DataRow("123", "123")]
    public void NormalizeRepository_AssemblyName_GivesTheExpectedRepository(string name, string expected)
    {
        Assert.AreEqual(expected, ImageNameRules.NormalizeRepository(name));
    }

    [TestMethod]
    [DataRow("!!!")]
    [DataRow("")]
    [DataRow("---")]
    [DataRow("._-")]
    [DataRow("ÄÖÜ")]
    [DataRow("/")]
    public void NormalizeRepository_NothingUsableLeft_IsNull(string name)
    {
        Assert.IsNull(ImageNameRules.NormalizeRepository(name));
    }

    [TestMethod]
    [DataRow("MyApp")]
    [DataRow("My..App")]
    [DataRow("_App_")]
    [DataRow("Ünïcode")]
    [DataRow("Some.Very-Long_Name With Spaces..And.Dots")]
    [DataRow("a.-b_.c-_d")]
    public void NormalizeRepository_AnyResult_IsAValidRepository(string name)
    {
        string? repository = ImageNameRules.NormalizeRepository(name);

        Assert.IsNotNull(repository);
        Assert.IsTrue(ImageNameRules.IsValidRepository(repository), repository);
    }

    [TestMethod]
    public void NormalizeRepository_LongerThan255_IsCutToAValidRepository()
    {
        string name = string.Concat(Enumerable.Repeat("Part.", 100));

        string? repository = ImageNameRules.NormalizeRepository(name);

        Assert.IsNotNull(repository);
        Assert.IsLessThanOrEqualTo(255, repository.Length);
        Assert.IsTrue(ImageNameRules.IsValidRepository(repository), repository);
        Assert.StartsWith("part.part.", repository);
    }

    [TestMethod]
    public void NormalizeRepository_CutEndingOnASeparator_DropsTheSeparator()
    {
        // 254 letters, then a separator at index 254 that the cut would leave at the end.
        string name = new string('a', 254) + ".b";

        Assert.AreEqual(new string('a', 254), ImageNameRules.NormalizeRepository(name));
    }
}
