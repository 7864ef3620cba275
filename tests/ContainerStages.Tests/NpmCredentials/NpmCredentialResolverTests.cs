using System.Text;
using ContainerStages.NpmCredentials;
using ContainerStages.Tests.Registry;

namespace ContainerStages.Tests.NpmCredentials;

/// <summary>npm registries' credentials found as npm finds them, from .npmrc files of the test's own.</summary>
[TestClass]
public sealed class NpmCredentialResolverTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cstg-npm-").FullName;

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void Resolve_ExpandsTheProjectsTokenReference_AndKeepsTheVariableForTheBuild()
    {
        File.WriteAllText(Path.Combine(_folder, ".npmrc"), "@corp:registry=https://npm.corp.example/\n//npm.corp.example/:_authToken=${CORP_TOKEN}\n; a comment\n");
        var environment = new FakeEnvironment(Path.Combine(_folder, "home")) { Variables = { ["CORP_TOKEN"] = "t0k" } };

        var credentials = NpmCredentialResolver.Resolve(_folder, environment);

        Assert.AreEqual("t0k", credentials.Settings["//npm.corp.example/:_authToken"]);
        Assert.IsFalse(credentials.Settings.ContainsKey("@corp:registry"), "The project's own registry settings are in the build already.");
        Assert.AreEqual("t0k", credentials.Variables["CORP_TOKEN"]);
        CollectionAssert.AreEqual(new[] { "npm.corp.example/" }, credentials.Registries.ToArray());
        Assert.DoesNotContain("t0k", credentials.ToString());
    }

    [TestMethod]
    public void Resolve_TakesTheUsersAuthAndRegistrySettings()
    {
        string home = Path.Combine(_folder, "home");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, ".npmrc"), "registry=https://mirror.example/\n@corp:registry=https://npm.corp.example/\n//npm.corp.example/:_auth=dXNlcjpwdw==\ncolor=false\n");

        var credentials = NpmCredentialResolver.Resolve(_folder, new FakeEnvironment(home));

        CollectionAssert.AreEquivalent(new[] { "registry", "@corp:registry", "//npm.corp.example/:_auth" }, credentials.Settings.Keys.ToArray());
    }

    [TestMethod]
    public void Resolve_WithoutAnyAuth_IsNone()
    {
        string home = Path.Combine(_folder, "home");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Combine(home, ".npmrc"), "registry=https://mirror.example/\n");
        File.WriteAllText(Path.Combine(_folder, ".npmrc"), "//npm.corp.example/:_authToken=${UNSET_TOKEN}\n");

        Assert.IsFalse(NpmCredentialResolver.Resolve(_folder, new FakeEnvironment(home)).Any, "A registry setting alone, or an unset token, needs no secret.");
    }

    [TestMethod]
    [DataRow("${A}", "1")]
    [DataRow("x${A}y${B}", "x1y2")]
    [DataRow("${MISSING?}", "")]
    [DataRow("no references", "no references")]
    public void Expand_ReplacesReferencesAsNpmDoes(string value, string expected) =>
        Assert.AreEqual(expected, NpmRcFile.Expand(value, name => name switch { "A" => "1", "B" => "2", _ => null }));

    [TestMethod]
    public void Expand_AnUnsetRequiredVariable_IsNull() => Assert.IsNull(NpmRcFile.Expand("${MISSING}", _ => null));

    [TestMethod]
    public void Secret_SetsTheVariablesAndWrapsTheInstallers_ThatShReadsBackExactly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var credentials = new NpmRegistryCredentials(
            new Dictionary<string, string> { ["//npm.corp.example/:_authToken"] = "t'0k$" },
            new Dictionary<string, string> { ["CORP_TOKEN"] = "t'0k$" },
            ["test"]);
        string secret = Path.Combine(_folder, "npm-credentials");
        File.WriteAllBytes(secret, NpmCredentialSecret.Write(credentials));

        var start = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"env() {{ for a in \"$@\"; do printf '%s\\n' \"$a\"; done; }}; . {secret} && printf '%s\\n' \"$CORP_TOKEN\" && pnpm install --frozen-lockfile");
        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.AreEqual("t'0k$\nnpm_config_//npm.corp.example/:_authToken=t'0k$\npnpm\ninstall\n--frozen-lockfile\n", output);
    }
}
