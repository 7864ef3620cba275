using ContainerStages.SourceControl;

namespace ContainerStages.Tests.SourceControl;

[TestClass]
public sealed class RepositoryUrlTests
{
    [TestMethod]
    [DataRow("https://github.com/contoso/app.git", "https://github.com/contoso/app")]
    [DataRow("https://github.com/contoso/app", "https://github.com/contoso/app")]
    [DataRow("https://github.com/contoso/app/", "https://github.com/contoso/app")]
    [DataRow("git@github.com:contoso/app.git", "https://github.com/contoso/app")]
    [DataRow("github.com:contoso/app", "https://github.com/contoso/app")]
    [DataRow("ssh://git@github.com/contoso/app.git", "https://github.com/contoso/app")]
    [DataRow("ssh://git@git.example.com:2222/team/app.git", "https://git.example.com/team/app")]
    [DataRow("git://git.example.com/team/app.git", "https://git.example.com/team/app")]
    [DataRow("https://x-access-token:secret@github.com/contoso/app.git", "https://github.com/contoso/app")]
    [DataRow("https://user@dev.example.com:8443/org/_git/app", "https://dev.example.com:8443/org/_git/app")]
    [DataRow("http://git.example.com/app.git", "http://git.example.com/app")]
    public void Normalize_Remote_IsABrowsableUrlWithoutCredentials(string remote, string expected)
    {
        Assert.AreEqual(expected, RepositoryUrl.Normalize(remote));
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("  ")]
    [DataRow("/srv/git/app.git")]
    [DataRow("file:///srv/git/app.git")]
    [DataRow("../app.git")]
    public void Normalize_NoRemoteOrALocalPath_IsNull(string? remote)
    {
        Assert.IsNull(RepositoryUrl.Normalize(remote));
    }
}
