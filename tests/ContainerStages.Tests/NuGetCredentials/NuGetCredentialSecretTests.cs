using System.Text;
using ContainerStages.NuGetCredentials;

namespace ContainerStages.Tests.NuGetCredentials;

/// <summary>The secret is a shell fragment: /bin/sh must read every value back exactly.</summary>
[TestClass]
public sealed class NuGetCredentialSecretTests
{
    [TestMethod]
    public void Write_MakesDotnetRunWithOneVariablePerFeed_ThatShReadsBackExactly()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var credentials = new[]
        {
            new NuGetFeedCredential("my-feed", "https://a/index.json", "ci user", "p'w;$HOME `x` \"q\"", null, "test"),
            new NuGetFeedCredential("GitHub Packages", "https://b/index.json", "me", "ghp_1", "basic", "test"),
        };
        string folder = Directory.CreateTempSubdirectory("cstg-secret-").FullName;
        try
        {
            string secret = Path.Combine(folder, "nuget-credentials");
            File.WriteAllBytes(secret, NuGetCredentialSecret.Write(credentials));

            // 'env' stands in for the real one: it prints what dotnet would get in its environment.
            var run = RunSh($"env() {{ for a in \"$@\"; do printf '%s\\n' \"$a\"; done; }}; . {secret} && dotnet restore app.csproj");

            Assert.AreEqual(
                "NuGetPackageSourceCredentials_my-feed=Username=ci user;Password=p'w;$HOME `x` \"q\"\n"
                + "NuGetPackageSourceCredentials_GitHub Packages=Username=me;Password=ghp_1;ValidAuthenticationTypes=basic\n"
                + "dotnet\nrestore\napp.csproj\n",
                run);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public void ShellQuote_ClosesEscapesAndReopensAQuote() => Assert.AreEqual("'it'\\''s'", ShellText.Quote("it's"));

    private static string RunSh(string script)
    {
        var start = new System.Diagnostics.ProcessStartInfo("sh") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        using var process = System.Diagnostics.Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, output);
        return output;
    }
}
