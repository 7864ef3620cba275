using System.Text;
using ContainerStages.DockerConfig;
using ContainerStages.Registry;

namespace ContainerStages.Tests.Registry;

/// <summary>
/// Credential lookup for a push, in the SDK's order for the environment variables and the Docker
/// CLI's for config.json (credHelpers, credsStore, auths), on a temporary home folder.
/// </summary>
[TestClass]
public sealed class RegistryCredentialResolverTests
{
    private string _home = string.Empty;
    private FakeEnvironment _environment = null!;
    private FakeCredentialHelper _helper = null!;

    [TestInitialize]
    public void CreateHome()
    {
        _home = Directory.CreateTempSubdirectory("cstg-creds-").FullName;
        _environment = new FakeEnvironment(_home);
        _helper = new FakeCredentialHelper();
    }

    [TestCleanup]
    public void DeleteHome() => Directory.Delete(_home, recursive: true);

    private RegistryCredentialResolver Resolver => new(_environment, _helper);

    private void WriteConfig(string json, string? directory = null)
    {
        string folder = directory ?? Path.Combine(_home, ".docker");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), json);
    }

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [TestMethod]
    public void NoConfigAndNoVariables_GivesNull()
    {
        Assert.IsNull(Resolver.Resolve("registry.example:5000"));
    }

    [TestMethod]
    public void GenericVariables_WinOverTheConfig()
    {
        WriteConfig($$$$"""{"auths":{"registry.example:5000":{"auth":"{{{{Basic("file", "filepw")}}}}"}}}""");
        _environment.Variables["DOTNET_CONTAINER_REGISTRY_UNAME"] = "ci";
        _environment.Variables["DOTNET_CONTAINER_REGISTRY_PWORD"] = "cipw";

        var credentials = Resolver.Resolve("registry.example:5000")!;

        Assert.AreEqual(("ci", "cipw", "DOTNET_CONTAINER_REGISTRY_UNAME"), (credentials.Username, credentials.Password, credentials.Source));
    }

    [TestMethod]
    public void PushVariables_WinOverGenericAndLegacy()
    {
        _environment.Variables["SDK_CONTAINER_REGISTRY_UNAME"] = "legacy";
        _environment.Variables["SDK_CONTAINER_REGISTRY_PWORD"] = "legacypw";
        _environment.Variables["DOTNET_CONTAINER_REGISTRY_UNAME"] = "generic";
        _environment.Variables["DOTNET_CONTAINER_REGISTRY_PWORD"] = "genericpw";
        _environment.Variables["DOTNET_CONTAINER_PUSH_REGISTRY_UNAME"] = "push";
        _environment.Variables["DOTNET_CONTAINER_PUSH_REGISTRY_PWORD"] = "pushpw";

        Assert.AreEqual("push", Resolver.Resolve("r.example")!.Username);
    }

    [TestMethod]
    public void LegacyVariables_AreTheLastResortBeforeTheConfig()
    {
        _environment.Variables["SDK_CONTAINER_REGISTRY_UNAME"] = "legacy";
        _environment.Variables["SDK_CONTAINER_REGISTRY_PWORD"] = "legacypw";

        Assert.AreEqual("legacy", Resolver.Resolve("r.example")!.Username);
    }

    [TestMethod]
    public void AUserWithoutAPassword_DoesNotCount()
    {
        _environment.Variables["DOTNET_CONTAINER_REGISTRY_UNAME"] = "ci";
        WriteConfig($$$$"""{"auths":{"r.example":{"auth":"{{{{Basic("file", "filepw")}}}}"}}}""");

        Assert.AreEqual("file", Resolver.Resolve("r.example")!.Username);
    }

    [TestMethod]
    public void StoredLogin_IsDecodedFromBase64_AndMayContainColons()
    {
        WriteConfig($$$$"""{"auths":{"r.example:5000":{"auth":"{{{{Basic("me", "pa:ss")}}}}"}}}""");

        var credentials = Resolver.Resolve("r.example:5000")!;

        Assert.AreEqual(("me", "pa:ss"), (credentials.Username, credentials.Password));
    }

    [TestMethod]
    public void StoredLogin_UnderAKeyWithSchemeAndPath_IsFound()
    {
        WriteConfig($$$$"""{"auths":{"https://r.example:5000/v1/":{"auth":"{{{{Basic("me", "pw")}}}}"}}}""");

        Assert.AreEqual("me", Resolver.Resolve("r.example:5000")!.Username);
    }

    [TestMethod]
    public void StoredLogin_ForAnotherRegistry_IsNotUsed()
    {
        WriteConfig($$$$"""{"auths":{"other.example":{"auth":"{{{{Basic("me", "pw")}}}}"}}}""");

        Assert.IsNull(Resolver.Resolve("r.example"));
    }

    [TestMethod]
    public void DockerConfigVariable_NamesTheFolder()
    {
        string folder = Path.Combine(_home, "elsewhere");
        WriteConfig($$$$"""{"auths":{"r.example":{"auth":"{{{{Basic("there", "pw")}}}}"}}}""", folder);
        _environment.Variables["DOCKER_CONFIG"] = folder;

        Assert.AreEqual("there", Resolver.Resolve("r.example")!.Username);
    }

    [TestMethod]
    public void CredHelperForTheRegistry_WinsOverCredsStoreAndAuths()
    {
        WriteConfig($$$$"""{"auths":{"r.example":{"auth":"{{{{Basic("file", "pw")}}}}"}},"credsStore":"store","credHelpers":{"r.example":"special"}}""");
        _helper.Answers[("special", "r.example")] = new CredentialHelperAnswer("helped", "secret");

        var credentials = Resolver.Resolve("r.example")!;

        Assert.AreEqual(("helped", "secret", "docker-credential-special"), (credentials.Username, credentials.Password, credentials.Source));
        Assert.HasCount(1, _helper.Calls);
    }

    [TestMethod]
    public void CredsStore_IsAskedWhenNoHelperNamesTheRegistry()
    {
        WriteConfig("""{"credsStore":"store","credHelpers":{"other.example":"special"}}""");
        _helper.Answers[("store", "r.example")] = new CredentialHelperAnswer("stored", "secret");

        Assert.AreEqual("stored", Resolver.Resolve("r.example")!.Username);
    }

    [TestMethod]
    public void HelperAnsweringTokenUser_GivesAnIdentityToken()
    {
        WriteConfig("""{"credsStore":"store"}""");
        _helper.Answers[("store", "r.example")] = new CredentialHelperAnswer("<token>", "refresh");

        var credentials = Resolver.Resolve("r.example")!;

        Assert.AreEqual(("", "", "refresh"), (credentials.Username, credentials.Password, credentials.IdentityToken));
    }

    [TestMethod]
    public void DockerHub_IsAskedUnderItsIndexAddress()
    {
        WriteConfig("""{"credsStore":"store"}""");

        Resolver.Resolve("docker.io");

        Assert.AreEqual("https://index.docker.io/v1/", _helper.Calls.Single().Server);
    }

    [TestMethod]
    public void InvalidJson_IsACodedErrorThatQuotesNoContent()
    {
        WriteConfig("""{"auths":{"r.example":{"auth":"c2VjcmV0OnB3"}""");

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => Resolver.Resolve("r.example"));

        Assert.AreEqual("DockerConfigInvalid", error.ResourceName);
        Assert.DoesNotContain("c2VjcmV0", string.Join(" ", error.Arguments));
    }

    [TestMethod]
    public void LoginThatIsNotBase64_IsACodedError()
    {
        WriteConfig("""{"auths":{"r.example":{"auth":"not base64!"}}}""");

        Assert.AreEqual("DockerConfigInvalid", Assert.ThrowsExactly<ContainerStagesException>(() => Resolver.Resolve("r.example")).ResourceName);
    }

    [TestMethod]
    public void Credentials_ToString_HidesTheSecret()
    {
        var credentials = new RegistryCredentials("me", "hunter2", "tok", "X");

        Assert.DoesNotContain("hunter2", credentials.ToString());
        Assert.DoesNotContain("tok", credentials.ToString());
    }

    [TestMethod]
    public void CurrentContext_IsRead()
    {
        WriteConfig("""{"currentContext":"remote"}""");

        Assert.AreEqual("remote", DockerConfigFile.Load(_environment)!.CurrentContext);
    }

    [TestMethod]
    public void ForPull_OnlyThePullVariablesCount()
    {
        _environment.Variables["DOTNET_CONTAINER_REGISTRY_UNAME"] = "push";
        _environment.Variables["DOTNET_CONTAINER_REGISTRY_PWORD"] = "pushpw";

        Assert.IsNull(Resolver.Resolve("r.example", forPull: true));

        _environment.Variables["DOTNET_CONTAINER_PULL_REGISTRY_UNAME"] = "pull";
        _environment.Variables["DOTNET_CONTAINER_PULL_REGISTRY_PWORD"] = "pullpw";
        Assert.AreEqual("pull", Resolver.Resolve("r.example", forPull: true)!.Username);
    }

    [TestMethod]
    [DataRow("mcr.microsoft.com/dotnet/aspnet:10.0", "mcr.microsoft.com")]
    [DataRow("127.0.0.1:5000/team/app:1", "127.0.0.1:5000")]
    [DataRow("localhost/app", "localhost")]
    [DataRow("containerstages-standin/sdk:10.0", "docker.io")]
    [DataRow("ubuntu", "docker.io")]
    public void RegistryOf_ReadsTheDomainAsDockerDoes(string image, string registry)
    {
        Assert.AreEqual(registry, RegistryCredentialResolver.RegistryOf(image));
    }

    [TestMethod]
    public void RegistryConfigHeader_IsUrlSafeBase64OfTheLoginsByHost()
    {
        var header = ContainerStages.Engine.DockerEngine.RegistryConfigHeader(new Dictionary<string, RegistryCredentials>
        {
            ["r.example:5000"] = new("me", "pw>?", null, "X"),
        });

        Assert.DoesNotContain("+", header);
        Assert.DoesNotContain("/", header);
        string json = Encoding.UTF8.GetString(Convert.FromBase64String(header.Replace('-', '+').Replace('_', '/')));
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var login = document.RootElement.GetProperty("r.example:5000");
        Assert.AreEqual(("me", "pw>?", "r.example:5000"), (login.GetProperty("username").GetString(), login.GetProperty("password").GetString(), login.GetProperty("serveraddress").GetString()));
    }
}
