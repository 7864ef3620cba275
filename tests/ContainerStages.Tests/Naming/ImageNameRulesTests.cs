using ContainerStages.Naming;

namespace ContainerStages.Tests.Naming;

/// <summary>The Docker reference grammar (distribution/reference) for repositories and tags, and environment variable names.</summary>
[TestClass]
public sealed class ImageNameRulesTests
{
    [TestMethod]
    [DataRow("myapp")]
    [DataRow("my-app")]
    [DataRow("my--app")]
    [DataRow("my.app")]
    [DataRow("my_app")]
    [DataRow("my__app")]
    [DataRow("team/my-app")]
    [DataRow("a/b/c/d")]
    [DataRow("123")]
    [DataRow("localhost/myapp")]
    [DataRow("localhost:5000/myapp")]
    [DataRow("registry.example.com/team/app")]
    [DataRow("registry.example.com:443/team/app")]
    [DataRow("Registry.Example.COM:5000/app")]
    [DataRow("my-registry/app")]
    [DataRow("10.0.0.1:5000/app")]
    public void IsValidRepository_GrammaticalName_IsTrue(string repository)
    {
        Assert.IsTrue(ImageNameRules.IsValidRepository(repository));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("MyApp")]
    [DataRow("team/MyApp")]
    [DataRow("my..app")]
    [DataRow("my___app")]
    [DataRow("my._app")]
    [DataRow("my-.app")]
    [DataRow("-app")]
    [DataRow("app-")]
    [DataRow(".app")]
    [DataRow("app.")]
    [DataRow("_app")]
    [DataRow("app_")]
    [DataRow("/app")]
    [DataRow("app/")]
    [DataRow("team//app")]
    [DataRow("my app")]
    [DataRow("my:app")]
    [DataRow("myapp:latest")]
    [DataRow("myapp@sha256:abc")]
    [DataRow("localhost:5000")]
    [DataRow("localhost:port/app")]
    [DataRow("-registry.example.com/app")]
    [DataRow("registry-.example.com/app")]
    [DataRow("ünïcode")]
    [DataRow("myapp\n")]
    public void IsValidRepository_NonGrammaticalName_IsFalse(string repository)
    {
        Assert.IsFalse(ImageNameRules.IsValidRepository(repository));
    }

    [TestMethod]
    public void IsValidRepository_255Characters_IsTrue()
    {
        Assert.IsTrue(ImageNameRules.IsValidRepository(new string('a', 255)));
        Assert.IsTrue(ImageNameRules.IsValidRepository("registry.example.com:5000/" + new string('a', 255 - 26)));
    }

    [TestMethod]
    public void IsValidRepository_256Characters_IsFalse()
    {
        // The limit is on the whole name, registry included.
        Assert.IsFalse(ImageNameRules.IsValidRepository(new string('a', 256)));
        Assert.IsFalse(ImageNameRules.IsValidRepository("registry.example.com:5000/" + new string('a', 256 - 26)));
    }

    [TestMethod]
    [DataRow("latest")]
    [DataRow("1.0.0")]
    [DataRow("1.0.0-preview.1")]
    [DataRow("V1")]
    [DataRow("_private")]
    [DataRow("0")]
    [DataRow("a.b_c-d")]
    [DataRow("x...---___")]
    public void IsValidTag_GrammaticalTag_IsTrue(string tag)
    {
        Assert.IsTrue(ImageNameRules.IsValidTag(tag));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow(".hidden")]
    [DataRow("-dash")]
    [DataRow("1.0.0+build.5")]
    [DataRow("with space")]
    [DataRow("a/b")]
    [DataRow("a:b")]
    [DataRow("ünïcode")]
    [DataRow("v1é")]
    [DataRow("latest\n")]
    public void IsValidTag_NonGrammaticalTag_IsFalse(string tag)
    {
        Assert.IsFalse(ImageNameRules.IsValidTag(tag));
    }

    [TestMethod]
    public void IsValidTag_128Characters_IsTrue()
    {
        Assert.IsTrue(ImageNameRules.IsValidTag(new string('a', 128)));
    }

    [TestMethod]
    public void IsValidTag_129Characters_IsFalse()
    {
        Assert.IsFalse(ImageNameRules.IsValidTag(new string('a', 129)));
    }

    [TestMethod]
    [DataRow("ASPNETCORE_URLS")]
    [DataRow("_UNDERSCORE")]
    [DataRow("lower_case")]
    [DataRow("A1")]
    [DataRow("x")]
    public void IsValidEnvironmentVariableName_PortableName_IsTrue(string name)
    {
        Assert.IsTrue(ImageNameRules.IsValidEnvironmentVariableName(name));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("1ABC")]
    [DataRow("A-B")]
    [DataRow("A.B")]
    [DataRow("A B")]
    [DataRow("A=B")]
    [DataRow("$A")]
    [DataRow("ÄRGER")]
    [DataRow("NAME\n")]
    public void IsValidEnvironmentVariableName_OtherName_IsFalse(string name)
    {
        Assert.IsFalse(ImageNameRules.IsValidEnvironmentVariableName(name));
    }

    [TestMethod]
    [DataRow(null, new string[0])]
    [DataRow("", new string[0])]
    [DataRow("latest", new[] { "latest" })]
    [DataRow("1.0;latest", new[] { "1.0", "latest" })]
    [DataRow(" 1.0 ; ;latest; ", new[] { "1.0", "latest" })]
    public void SplitTags_SemicolonList_DropsBlanksAndTrims(string? tags, string[] expected)
    {
        CollectionAssert.AreEqual(expected, ImageNameRules.SplitTags(tags).ToArray());
    }

    [TestMethod]
    [DataRow("registry.example")]
    [DataRow("127.0.0.1:5000")]
    [DataRow("localhost:5000")]
    [DataRow("my-registry.example.com")]
    public void IsValidRegistry_HostAndOptionalPort_IsTrue(string registry)
    {
        Assert.IsTrue(ImageNameRules.IsValidRegistry(registry));
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("https://registry.example")]
    [DataRow("registry.example/team")]
    [DataRow("registry.example:")]
    [DataRow("-bad.example")]
    public void IsValidRegistry_SchemePathOrBadHost_IsFalse(string registry)
    {
        Assert.IsFalse(ImageNameRules.IsValidRegistry(registry));
    }
}
