using ContainerStages.Engine;
using ContainerStages.Engine.Session;
using ContainerStages.Tests.Reporting;

namespace ContainerStages.Tests.Engine.Session;

/// <summary>An engine that refuses sessions is an error only for a build that needs one.</summary>
[TestClass]
public sealed class BuildSessionHostTests
{
    private static readonly EngineInfo Info = new(new Uri("unix:///fake.sock"), "20.10.24", new Version(1, 41), "linux", "amd64");

    [TestMethod]
    public async Task OpenAsync_OnARefusingEngine_WithASecretToServe_IsCSTG0100NamingIt()
    {
        await using var host = new BuildSessionHost(new BuildSessionContents { Secrets = new Dictionary<string, byte[]> { ["api-token"] = [1] } }, "/src/app", null);

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => host.OpenAsync(new FakeEngine(), Info, exportNeeded: false, CancellationToken.None));

        Assert.AreEqual("SessionUnavailable", error.ResourceName);
        StringAssert.Contains((string)error.Arguments[2]!, "api-token");
    }

    [TestMethod]
    public async Task OpenAsync_OnARefusingEngine_ForAnExport_IsCSTG0100()
    {
        await using var host = new BuildSessionHost(new BuildSessionContents(), "/src/app", null);

        var error = await Assert.ThrowsExactlyAsync<ContainerStagesException>(() => host.OpenAsync(new FakeEngine(), Info, exportNeeded: true, CancellationToken.None));

        StringAssert.Contains((string)error.Arguments[2]!, "exported files");
    }

    [TestMethod]
    public async Task OpenAsync_OnARefusingEngine_WithOnlyLoginsToServe_BuildsWithoutASession()
    {
        var contents = new BuildSessionContents { RegistryLogins = new Dictionary<string, SessionRegistryLogin> { ["registry.example"] = new("ci", "pw") } };
        await using var host = new BuildSessionHost(contents, "/src/app", null);

        var session = await host.OpenAsync(new FakeEngine(), Info, exportNeeded: false, CancellationToken.None);

        Assert.IsNull(session);
        StringAssert.Contains(host.RefusedReason, "no sessions", "The log says why the build has no session.");
    }
}
