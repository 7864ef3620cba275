using ContainerStages.DockerConfig;
using ContainerStages.Pipeline;
using ContainerStages.Registry;
using ContainerStages.Secrets;

namespace ContainerStages.Tests.Secrets;

/// <summary>Logins keyed by the host BuildKit asks for, which is not the CLI's address for Docker Hub.</summary>
[TestClass]
public sealed class SessionRegistryLoginsTests
{
    [TestMethod]
    public void From_DockerHubsIndexAddress_AnswersTheHostBuildKitAsks()
    {
        var logins = SessionRegistryLogins.From(new Dictionary<string, RegistryCredentials> { ["https://index.docker.io/v1/"] = new("me", "pw", null, "config") });

        Assert.AreEqual(new("me", "pw"), logins["registry-1.docker.io"]);
        Assert.AreEqual(new("me", "pw"), logins["docker.io"]);
    }

    [TestMethod]
    public void From_AnIdentityToken_TravelsAsTheSecretWithoutAUserName()
    {
        var logins = SessionRegistryLogins.From(new Dictionary<string, RegistryCredentials> { ["myregistry.azurecr.io"] = new(string.Empty, string.Empty, "refresh-token", "docker-credential-acr") });

        Assert.AreEqual(new(string.Empty, "refresh-token"), logins["myregistry.azurecr.io"]);
    }

    [TestMethod]
    public void From_AnAddressWithASchemeOrPath_IsKeyedByItsHost()
    {
        var logins = SessionRegistryLogins.From(new Dictionary<string, RegistryCredentials> { ["https://127.0.0.1:5000/v2/"] = new("ci", "pw", null, "config") });

        Assert.IsTrue(logins.ContainsKey("127.0.0.1:5000"));
        Assert.DoesNotContain("pw", logins["127.0.0.1:5000"].ToString(), "A login prints redacted.");
    }
}
