using System.Security.Cryptography;
using System.Text;
using ContainerStages.Engine;
using ContainerStages.Tests.Registry;

namespace ContainerStages.Tests.Engine;

/// <summary>
/// The engine endpoint as the Docker CLI resolves it: DOCKER_HOST with its TLS variables, then
/// DOCKER_CONTEXT or the config's currentContext (meta.json under the sha256 of the name), then the
/// default socket; on a temporary home folder.
/// </summary>
[TestClass]
public sealed class DockerEndpointTests
{
    private string _home = string.Empty;
    private FakeEnvironment _environment = null!;

    private string DockerFolder => Path.Combine(_home, ".docker");

    [TestInitialize]
    public void CreateHome()
    {
        _home = Directory.CreateTempSubdirectory("cstg-endpoint-").FullName;
        _environment = new FakeEnvironment(_home);
    }

    [TestCleanup]
    public void DeleteHome() => Directory.Delete(_home, recursive: true);

    private static string ContextId(string name) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name))).ToLowerInvariant();

    private void WriteContext(string name, string host, bool skipTlsVerify = false, bool withTlsFiles = false)
    {
        string meta = Path.Combine(DockerFolder, "contexts", "meta", ContextId(name));
        Directory.CreateDirectory(meta);
        File.WriteAllText(Path.Combine(meta, "meta.json"), "{\"Name\":\"" + name + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\"" + host + "\",\"SkipTLSVerify\":" + (skipTlsVerify ? "true" : "false") + "}}}");
        if (withTlsFiles)
        {
            WritePemFiles(Path.Combine(DockerFolder, "contexts", "tls", ContextId(name), "docker"));
        }
    }

    private static void WritePemFiles(string folder, params string[] skip)
    {
        Directory.CreateDirectory(folder);
        foreach (string file in new[] { "ca.pem", "cert.pem", "key.pem" }.Except(skip))
        {
            File.WriteAllText(Path.Combine(folder, file), "pem");
        }
    }

    private void WriteConfig(string json)
    {
        Directory.CreateDirectory(DockerFolder);
        File.WriteAllText(Path.Combine(DockerFolder, "config.json"), json);
    }

    [TestMethod]
    public void Nothing_GivesTheDefaultSocket_WithoutTls()
    {
        var endpoint = DockerEndpoint.Resolve(null, _environment);

        Assert.AreEqual(new Uri("unix:///var/run/docker.sock"), endpoint.Address);
        Assert.IsNull(endpoint.Tls);
    }

    [TestMethod]
    public void DockerHostWithoutTlsVariables_IsPlain()
    {
        var endpoint = DockerEndpoint.Resolve("tcp://127.0.0.1:2375", _environment);

        Assert.AreEqual(new Uri("tcp://127.0.0.1:2375"), endpoint.Address);
        Assert.IsNull(endpoint.Tls);
        Assert.AreEqual("DOCKER_HOST", endpoint.Source);
    }

    [TestMethod]
    public void DockerTlsVerify_TakesThePemFilesFromDockerCertPath()
    {
        string certs = Path.Combine(_home, "certs");
        WritePemFiles(certs);
        _environment.Variables["DOCKER_TLS_VERIFY"] = "1";
        _environment.Variables["DOCKER_CERT_PATH"] = certs;

        var tls = DockerEndpoint.Resolve("tcp://127.0.0.1:2376", _environment).Tls!;

        Assert.AreEqual((true, Path.Combine(certs, "ca.pem"), Path.Combine(certs, "cert.pem"), Path.Combine(certs, "key.pem")), (tls.Verify, tls.CaPath, tls.CertificatePath, tls.KeyPath));
    }

    [TestMethod]
    public void DockerTlsVerify_WithoutCertPath_UsesTheDockerFolder()
    {
        WritePemFiles(DockerFolder);
        _environment.Variables["DOCKER_TLS_VERIFY"] = "1";

        Assert.AreEqual(Path.Combine(DockerFolder, "ca.pem"), DockerEndpoint.Resolve("tcp://h:2376", _environment).Tls!.CaPath);
    }

    [TestMethod]
    public void DockerTls_WithoutVerify_DoesNotCheckTheEngine()
    {
        WritePemFiles(DockerFolder, "ca.pem");
        _environment.Variables["DOCKER_TLS"] = "1";

        var tls = DockerEndpoint.Resolve("tcp://h:2376", _environment).Tls!;

        Assert.IsFalse(tls.Verify);
        Assert.IsNull(tls.CaPath);
    }

    [TestMethod]
    public void DockerTlsVerify_WithAMissingKey_IsCSTG0057NamingIt()
    {
        WritePemFiles(DockerFolder, "key.pem");
        _environment.Variables["DOCKER_TLS_VERIFY"] = "1";

        var error = Assert.ThrowsExactly<ContainerStagesException>(() => DockerEndpoint.Resolve("tcp://h:2376", _environment));

        Assert.AreEqual("EngineTlsFilesMissing", error.ResourceName);
        Assert.AreEqual("key.pem", error.Arguments[1]);
    }

    [TestMethod]
    public void DockerHost_WinsOverDockerContext()
    {
        WriteContext("remote", "tcp://10.0.0.1:2376");
        _environment.Variables["DOCKER_CONTEXT"] = "remote";

        Assert.AreEqual(new Uri("tcp://127.0.0.1:2375"), DockerEndpoint.Resolve("tcp://127.0.0.1:2375", _environment).Address);
    }

    [TestMethod]
    public void DockerContext_ReadsTheEndpointFromItsMetaJson_AndItsTlsFiles()
    {
        WriteContext("remote", "tcp://10.0.0.1:2376", withTlsFiles: true);
        _environment.Variables["DOCKER_CONTEXT"] = "remote";

        var endpoint = DockerEndpoint.Resolve(null, _environment);

        Assert.AreEqual(new Uri("tcp://10.0.0.1:2376"), endpoint.Address);
        Assert.AreEqual("context 'remote'", endpoint.Source);
        Assert.IsTrue(endpoint.Tls!.Verify);
        Assert.AreEqual(Path.Combine(DockerFolder, "contexts", "tls", ContextId("remote"), "docker", "cert.pem"), endpoint.Tls.CertificatePath);
    }

    [TestMethod]
    public void CurrentContext_FromTheConfig_IsUsedWhenNoVariableNamesOne()
    {
        WriteContext("ci", "unix:///run/other.sock");
        WriteConfig("""{"currentContext":"ci"}""");

        var endpoint = DockerEndpoint.Resolve(null, _environment);

        Assert.AreEqual(new Uri("unix:///run/other.sock"), endpoint.Address);
        Assert.IsNull(endpoint.Tls);
    }

    [TestMethod]
    public void DockerContextVariable_WinsOverCurrentContext()
    {
        WriteContext("ci", "unix:///run/ci.sock");
        WriteContext("env", "unix:///run/env.sock");
        WriteConfig("""{"currentContext":"ci"}""");
        _environment.Variables["DOCKER_CONTEXT"] = "env";

        Assert.AreEqual(new Uri("unix:///run/env.sock"), DockerEndpoint.Resolve(null, _environment).Address);
    }

    [TestMethod]
    public void DefaultContext_IsTheDefaultSocket()
    {
        WriteConfig("""{"currentContext":"default"}""");

        Assert.AreEqual(new Uri("unix:///var/run/docker.sock"), DockerEndpoint.Resolve(null, _environment).Address);
    }

    [TestMethod]
    public void SkipTlsVerify_InAContextWithoutFiles_IsTlsWithoutChecks()
    {
        WriteContext("lax", "tcp://10.0.0.1:2376", skipTlsVerify: true);
        _environment.Variables["DOCKER_CONTEXT"] = "lax";

        Assert.IsFalse(DockerEndpoint.Resolve(null, _environment).Tls!.Verify);
    }

    [TestMethod]
    public void AnUnknownContext_IsCSTG0058()
    {
        _environment.Variables["DOCKER_CONTEXT"] = "nowhere";

        Assert.AreEqual("DockerContextNotFound", Assert.ThrowsExactly<ContainerStagesException>(() => DockerEndpoint.Resolve(null, _environment)).ResourceName);
    }

    [TestMethod]
    public void DockerConfigVariable_MovesTheContextsFolder()
    {
        string config = Path.Combine(_home, "cfg");
        _environment.Variables["DOCKER_CONFIG"] = config;
        _environment.Variables["DOCKER_CONTEXT"] = "moved";
        string meta = Path.Combine(config, "contexts", "meta", ContextId("moved"));
        Directory.CreateDirectory(meta);
        File.WriteAllText(Path.Combine(meta, "meta.json"), """{"Name":"moved","Endpoints":{"docker":{"Host":"tcp://10.0.0.9:2375"}}}""");

        Assert.AreEqual(new Uri("tcp://10.0.0.9:2375"), DockerEndpoint.Resolve(null, _environment).Address);
    }

    [TestMethod]
    public void AnInvalidDockerHost_IsItsCodedError()
    {
        Assert.AreEqual("InvalidDockerHost", Assert.ThrowsExactly<ContainerStagesException>(() => DockerEndpoint.Resolve("ftp://me@host", _environment)).ResourceName);
    }

    [TestMethod]
    public void AnSshDockerHost_IsKeptWithoutTls()
    {
        _environment.Variables["DOCKER_TLS_VERIFY"] = "1";

        var endpoint = DockerEndpoint.Resolve("ssh://me@build-host:2222", _environment);

        Assert.AreEqual(new Uri("ssh://me@build-host:2222"), endpoint.Address);
        Assert.IsNull(endpoint.Tls);
    }

    [TestMethod]
    public void AnSshDockerHostWithAPath_IsRefusedBeforeDialing()
    {
        var error = Assert.ThrowsExactly<ContainerStagesException>(() => DockerEndpoint.Resolve("ssh://me@host/var/run/docker.sock", _environment));

        Assert.AreEqual("SshEndpointInvalid", error.ResourceName);
        Assert.AreEqual("DOCKER_HOST", error.Arguments[1]);
    }

    [TestMethod]
    public void AContextWithAnSshEndpoint_IsReachedThroughSsh()
    {
        _environment.Variables["DOCKER_CONTEXT"] = "fleet";
        WriteContext("fleet", "ssh://builder@10.0.0.7");

        var endpoint = DockerEndpoint.Resolve(null, _environment);

        Assert.AreEqual("ssh", endpoint.Address.Scheme);
        Assert.AreEqual("context 'fleet'", endpoint.Source);
        Assert.IsNull(endpoint.Tls);
    }
}
