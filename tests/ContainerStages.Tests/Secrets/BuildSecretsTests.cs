using System.Text;
using ContainerStages.Pipeline;
using ContainerStages.Secrets;
using ContainerStages.Tests.Registry;

namespace ContainerStages.Tests.Secrets;

/// <summary>The secrets a build's session serves: the user's items, then the feeds' and registries' credentials.</summary>
[TestClass]
public sealed class BuildSecretsTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cstg-buildsecrets-").FullName;

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void Read_AddsTheRegistriesCredentials_AndAnItemOfTheSameIdWins()
    {
        File.WriteAllText(Path.Combine(_folder, ".npmrc"), "//npm.corp.example/:_authToken=${CORP_TOKEN}\n");
        var environment = new FakeEnvironment(Path.Combine(_folder, "home")) { Variables = { ["CORP_TOKEN"] = "t0k", ["OWN"] = "mine" } };

        var generated = BuildSecrets.Read([], [], _folder, _folder, environment);
        var own = BuildSecrets.Read([new("npm-credentials", null, "OWN")], [], _folder, _folder, environment);

        StringAssert.Contains(Encoding.UTF8.GetString(generated["npm-credentials"]), "npm_config_//npm.corp.example/:_authToken=t0k");
        Assert.AreEqual("mine", Encoding.UTF8.GetString(own["npm-credentials"]));
    }

    [TestMethod]
    public void Read_FeedCredentials_OnlyWhenAStepMountsThem_TheUsersItemsAlways()
    {
        File.WriteAllText(Path.Combine(_folder, "NuGet.config"), $$"""
            <configuration>
              <packageSources><clear /><add key="corp" value="https://nuget.corp.example/v3/index.json" /></packageSources>
              <packageSourceCredentials><corp><add key="Username" value="ci" /><add key="ClearTextPassword" value="pw" /></corp></packageSourceCredentials>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(_folder, "token.txt"), "t");
        var environment = new FakeEnvironment(Path.Combine(_folder, "home"));
        SecretSource item = new("own", "token.txt", null);

        var unknown = BuildSecrets.Read([item], [], _folder, null, environment, mountedSecretIds: null);
        var mounted = BuildSecrets.Read([item], [], _folder, null, environment, mountedSecretIds: ["nuget-credentials"]);
        var hostPublish = BuildSecrets.Read([item], [], _folder, null, environment, mountedSecretIds: []);

        CollectionAssert.AreEquivalent(new[] { "own", "nuget-credentials" }, unknown.Keys.ToArray(), "A Dockerfile that cannot be read gets every secret, as before.");
        CollectionAssert.AreEquivalent(new[] { "own", "nuget-credentials" }, mounted.Keys.ToArray());
        CollectionAssert.AreEquivalent(new[] { "own" }, hostPublish.Keys.ToArray(), "No step restores: the feed's password is not handed to the engine.");
    }

    [TestMethod]
    public void Read_WithoutCredentialsOrItems_GivesNoSecret()
    {
        File.WriteAllText(Path.Combine(_folder, "NuGet.config"), "<configuration><packageSources><clear /></packageSources></configuration>");

        Assert.IsEmpty(BuildSecrets.Read([], [], _folder, null, new FakeEnvironment(Path.Combine(_folder, "home"))));
    }
}
