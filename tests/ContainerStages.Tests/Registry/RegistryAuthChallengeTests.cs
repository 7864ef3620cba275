using ContainerStages.Registry;

namespace ContainerStages.Tests.Registry;

[TestClass]
public sealed class RegistryAuthChallengeTests
{
    [TestMethod]
    public void Bearer_KeepsCommasInsideQuotedValues()
    {
        var challenge = RegistryAuthChallenge.Parse("Bearer", "realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:team/app:pull,push\"");

        Assert.IsTrue(challenge.IsBearer);
        Assert.AreEqual("https://auth.example/token", challenge.Realm);
        Assert.AreEqual("registry.example", challenge.Service);
        Assert.AreEqual("repository:team/app:pull,push", challenge.Scope);
    }

    [TestMethod]
    public void Basic_HasARealmAndNoService()
    {
        var challenge = RegistryAuthChallenge.Parse("basic", "realm=\"containerstages test\"");

        Assert.IsTrue(challenge.IsBasic);
        Assert.AreEqual("containerstages test", challenge.Realm);
        Assert.IsNull(challenge.Service);
    }

    [TestMethod]
    public void UnquotedValues_AndSpacesAfterCommas_AreRead()
    {
        var challenge = RegistryAuthChallenge.Parse("Bearer", "realm=https://a.example/t, service=reg");

        Assert.AreEqual("https://a.example/t", challenge.Realm);
        Assert.AreEqual("reg", challenge.Service);
    }

    [TestMethod]
    public void NoParameters_GiveNoRealm()
    {
        Assert.IsNull(RegistryAuthChallenge.Parse("Bearer", null).Realm);
    }
}
