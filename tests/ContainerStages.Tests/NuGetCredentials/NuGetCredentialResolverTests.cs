using ContainerStages.NuGetCredentials;
using ContainerStages.Tests.Registry;
using NuGet.Configuration;

namespace ContainerStages.Tests.NuGetCredentials;

/// <summary>
/// The feeds' credentials found as restore finds them, from config files of the test's own (never the
/// machine's user config). NuGet reads %VARIABLE% references and NuGetPackageSourceCredentials_* from the
/// process's environment, so those tests use names of their own.
/// </summary>
[TestClass]
public sealed class NuGetCredentialResolverTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cstg-nuget-").FullName;
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void Resolve_ExpandsAVariableReferenceOfTheConfig_AsRestoreDoes()
    {
        string variable = $"CSTG_TEST_FEED_PW_{_id}";
        Environment.SetEnvironmentVariable(variable, "s3cret;with=odd'chars");
        try
        {
            var settings = Config($"""
                <packageSources><add key="feed-{_id}" value="https://feed.example/{_id}/index.json" /></packageSources>
                <packageSourceCredentials><feed-{_id}><add key="Username" value="ci" /><add key="ClearTextPassword" value="%{variable}%" /></feed-{_id}></packageSourceCredentials>
                """);

            var credential = NuGetCredentialResolver.Resolve(settings, [], Empty()).Single();

            Assert.AreEqual($"feed-{_id}", credential.SourceName);
            Assert.AreEqual("ci", credential.Username);
            Assert.AreEqual("s3cret;with=odd'chars", credential.Password);
            Assert.DoesNotContain("s3cret", credential.ToString(), "A credential prints redacted.");
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [TestMethod]
    public void Resolve_AReferenceToAnUnsetVariable_IsNoCredential()
    {
        var settings = Config($"""
            <packageSources><add key="feed" value="https://feed.example/index.json" /></packageSources>
            <packageSourceCredentials><feed><add key="Username" value="ci" /><add key="ClearTextPassword" value="%CSTG_TEST_UNSET_{_id}%" /></feed></packageSourceCredentials>
            """);

        Assert.IsEmpty(NuGetCredentialResolver.Resolve(settings, [], Empty()));
    }

    [TestMethod]
    public void Resolve_NuGetsSourceVariable_WinsOverTheConfig()
    {
        string source = $"feed{_id}";
        Environment.SetEnvironmentVariable($"NuGetPackageSourceCredentials_{source}", "Username=from-env;Password=env-pw");
        try
        {
            var settings = Config($"""
                <packageSources><add key="{source}" value="https://feed.example/index.json" /></packageSources>
                <packageSourceCredentials><{source}><add key="Username" value="from-config" /><add key="ClearTextPassword" value="config-pw" /></{source}></packageSourceCredentials>
                """);
            var environment = new FakeEnvironment(_folder) { Variables = { [$"NuGetPackageSourceCredentials_{source}"] = "set" } };

            var credential = NuGetCredentialResolver.Resolve(settings, [], environment).Single();

            Assert.AreEqual(("from-env", "env-pw"), (credential.Username, credential.Password));
            Assert.AreEqual($"NuGetPackageSourceCredentials_{source}", credential.Origin);
        }
        finally
        {
            Environment.SetEnvironmentVariable($"NuGetPackageSourceCredentials_{source}", null);
        }
    }

    [TestMethod]
    public void Resolve_AzureArtifactsEndpoints_AnswerSourcesWithoutCredentials_ByUrl()
    {
        var settings = Config("""
            <packageSources>
              <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              <add key="az" value="https://pkgs.dev.azure.com/org/_packaging/feed/nuget/v3/index.json" />
            </packageSources>
            """);
        var environment = new FakeEnvironment(_folder)
        {
            Variables = { ["VSS_NUGET_EXTERNAL_FEED_ENDPOINTS"] = """{"endpointCredentials":[{"endpoint":"https://pkgs.dev.azure.com/org/_packaging/feed/nuget/v3/index.json/","password":"PAT"}]}""" },
        };

        var credential = NuGetCredentialResolver.Resolve(settings, [], environment).Single();

        Assert.AreEqual(("az", "VssSessionToken", "PAT"), (credential.SourceName, credential.Username, credential.Password));
    }

    [TestMethod]
    public void Resolve_AnExplicitItem_NamesTheSourceByKeyOrUrl_AndReadsItsPasswordVariable()
    {
        var settings = Config("""
            <packageSources><add key="github" value="https://nuget.pkg.github.com/org/index.json" /></packageSources>
            <packageSourceCredentials><github><add key="Username" value="old" /><add key="ClearTextPassword" value="old" /></github></packageSourceCredentials>
            """);
        var environment = new FakeEnvironment(_folder) { Variables = { ["GH_TOKEN"] = "ghp_x" } };

        var byUrl = NuGetCredentialResolver.Resolve(settings, [new("https://nuget.pkg.github.com/org/index.json", "me", "GH_TOKEN")], environment).Single();

        Assert.AreEqual(("github", "me", "ghp_x"), (byUrl.SourceName, byUrl.Username, byUrl.Password));
    }

    [TestMethod]
    public void Resolve_AnExplicitItemForNoSource_OrWithAnUnsetVariable_IsCSTG0105()
    {
        var settings = Config("""<packageSources><add key="feed" value="https://feed.example/index.json" /></packageSources>""");

        var noSource = Assert.ThrowsExactly<ContainerStagesException>(() => NuGetCredentialResolver.Resolve(settings, [new("other", "me", "X")], Empty()));
        var noVariable = Assert.ThrowsExactly<ContainerStagesException>(() => NuGetCredentialResolver.Resolve(settings, [new("feed", "me", "UNSET")], Empty()));

        Assert.AreEqual("NuGetCredentialInvalid", noSource.ResourceName);
        StringAssert.Contains((string)noSource.Arguments[1]!, "feed");
        StringAssert.Contains((string)noVariable.Arguments[1]!, "UNSET");
    }

    [TestMethod]
    public void Resolve_SkipsDisabledAndLocalSources()
    {
        var settings = Config($"""
            <packageSources>
              <add key="off" value="https://off.example/index.json" />
              <add key="local" value="{_folder}" />
            </packageSources>
            <disabledPackageSources><add key="off" value="true" /></disabledPackageSources>
            <packageSourceCredentials>
              <off><add key="Username" value="u" /><add key="ClearTextPassword" value="p" /></off>
              <local><add key="Username" value="u" /><add key="ClearTextPassword" value="p" /></local>
            </packageSourceCredentials>
            """);

        Assert.IsEmpty(NuGetCredentialResolver.Resolve(settings, [], Empty()));
    }

    private ISettings Config(string body)
    {
        string path = Path.Combine(_folder, "NuGet.Config");
        File.WriteAllText(path, $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n{body}\n</configuration>\n");
        return Settings.LoadSettingsGivenConfigPaths([path]);
    }

    private FakeEnvironment Empty() => new(_folder);
}
