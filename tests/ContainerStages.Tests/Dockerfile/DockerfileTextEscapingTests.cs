using System.Diagnostics;
using System.Text.Json;
using ContainerStages.Dockerfile;

namespace ContainerStages.Tests.Dockerfile;

/// <summary>
/// The quoting helpers of <see cref="DotNetDockerfileWriter"/>: every value must reach the image (or the
/// shell) exactly as written, whatever '"', '\', '$', "'" or spaces it holds.
/// </summary>
[TestClass]
public sealed class DockerfileTextEscapingTests
{
    [TestMethod]
    [DataRow("plain", "\"plain\"")]
    [DataRow("", "\"\"")]
    [DataRow("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [DataRow(@"C:\temp\", "\"C:\\\\temp\\\\\"")]
    [DataRow("$HOME", "\"\\$HOME\"")]
    [DataRow("${HOME:-/root}", "\"\\${HOME:-/root}\"")]
    [DataRow("it's", "\"it's\"")]
    [DataRow("Ünïcode ✓", "\"Ünïcode ✓\"")]
    public void Quote_Value_IsTheExpectedDoubleQuotedWord(string value, string expected)
    {
        Assert.AreEqual(expected, DockerfileText.Quote(value));
    }

    [TestMethod]
    [DataRow("plain")]
    [DataRow("")]
    [DataRow("say \"hi\"")]
    [DataRow(@"C:\temp\")]
    [DataRow(@"a\nb")]
    [DataRow(@"\\server\share")]
    [DataRow("$HOME")]
    [DataRow("$HOME/data and ${PATH}")]
    [DataRow("it's `backticked`")]
    [DataRow("trailing backslash \\")]
    [DataRow("  spaces  around  ")]
    public void Quote_AnyValue_ArrivesLiterallyThroughTheFrontendLexer(string value)
    {
        Assert.AreEqual(value, BuildKitWord.Process(DockerfileText.Quote(value)));
    }

    [TestMethod]
    [DataRow("src/App/App.csproj", "\"src/App/App.csproj\"")]
    [DataRow("src/My App/App.csproj", "\"src/My App/App.csproj\"")]
    [DataRow("src/Tom's App/App.csproj", "\"src/Tom\\\\'s App/App.csproj\"")]
    [DataRow("src/$App/App.csproj", "\"src/\\\\$App/App.csproj\"")]
    [DataRow("src/\"Q\"/App.csproj", "\"src/\\\\\\\"Q\\\\\\\"/App.csproj\"")]
    [DataRow(@"src/back\slash/App.csproj", "\"src/back\\\\\\\\slash/App.csproj\"")]
    [DataRow("src/Ünï/App.csproj", "\"src/Ünï/App.csproj\"")]
    public void CopyPath_Path_IsTheExpectedJsonElement(string path, string expected)
    {
        Assert.AreEqual(expected, DockerfileText.CopyPath(path));
    }

    [TestMethod]
    [DataRow("src/App/App.csproj")]
    [DataRow("src/My App/Tom's App.csproj")]
    [DataRow("src/$App/${Name}.csproj")]
    [DataRow("src/\"Q\"/App.csproj")]
    [DataRow(@"src/back\slash/App.csproj")]
    [DataRow("src/Ünï ✓/App.csproj")]
    [DataRow("./")]
    [DataRow("local feed/")]
    public void CopyPath_AnyPath_ArrivesLiterallyAfterJsonAndTheLexer(string path)
    {
        string element = JsonSerializer.Deserialize<string>(DockerfileText.CopyPath(path))!;

        Assert.AreEqual(path, BuildKitWord.Process(element));
    }

    [TestMethod]
    public void CopyPath_PathWithSpaceAndSingleQuote_DoesNotOpenAQuotedString()
    {
        // Unescaped, the "'" would make BuildKit fail with "unexpected end of statement while looking
        // for matching single-quote"; the space needs nothing in the JSON form.
        string element = JsonSerializer.Deserialize<string>(DockerfileText.CopyPath("src/My App/Tom's.csproj"))!;

        Assert.AreEqual("src/My App/Tom\\'s.csproj", element);
    }

    [TestMethod]
    [DataRow("App.dll", "\"App.dll\"")]
    [DataRow("$HOME.dll", "\"$HOME.dll\"")]
    [DataRow("Tom's.dll", "\"Tom's.dll\"")]
    [DataRow("say \"hi\".dll", "\"say \\\"hi\\\".dll\"")]
    [DataRow(@"back\slash.dll", "\"back\\\\slash.dll\"")]
    [DataRow("Ünï.dll", "\"Ünï.dll\"")]
    public void JsonString_Value_IsAPlainJsonStringWithoutWordEscapes(string value, string expected)
    {
        // Exec-form ENTRYPOINT is not expanded, so a '$' must not get a backslash.
        Assert.AreEqual(expected, DockerfileText.JsonString(value));
        Assert.AreEqual(value, JsonSerializer.Deserialize<string>(DockerfileText.JsonString(value)));
    }

    [TestMethod]
    public void JsonString_ControlCharacter_IsEscaped()
    {
        Assert.AreEqual("\"a\\nb\"", DockerfileText.JsonString("a\nb"));
    }

    [TestMethod]
    [DataRow("src/App/App.csproj", "src/App/App.csproj")]
    [DataRow("Release", "Release")]
    [DataRow("net8.0", "net8.0")]
    [DataRow("a+b@c:d", "a+b@c:d")]
    [DataRow("src/My App/App.csproj", "'src/My App/App.csproj'")]
    [DataRow("Tom's.csproj", "'Tom'\\''s.csproj'")]
    [DataRow("$HOME", "'$HOME'")]
    [DataRow("a;rm -rf /", "'a;rm -rf /'")]
    [DataRow("~/x", "'~/x'")]
    [DataRow("*.csproj", "'*.csproj'")]
    [DataRow("", "''")]
    public void ShellArgument_Value_IsBareOnlyWhenSafe(string value, string expected)
    {
        Assert.AreEqual(expected, DockerfileText.ShellArgument(value));
    }

    [TestMethod]
    [DataRow("src/My App/Tom's $App.csproj")]
    [DataRow("a \"b\" \\c `d` $(e) ${f} *g ~h")]
    [DataRow("Ünï ✓")]
    [DataRow("")]
    public void ShellArgument_AnyValue_ReachesTheProgramLiterallyThroughSh(string value)
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh"))
        {
            Assert.Inconclusive("Needs /bin/sh.");
        }

        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("printf '%s' " + DockerfileText.ShellArgument(value));
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.AreEqual(0, process.ExitCode);
        Assert.AreEqual(value, output);
    }

    [TestMethod]
    [DataRow("/app", "/app")]
    [DataRow("/srv/my app", "/srv/my app")]
    [DataRow("/srv/$APP", "/srv/\\$APP")]
    [DataRow("/srv/it's", "/srv/it\\'s")]
    [DataRow("1000:1000", "1000:1000")]
    public void Word_Value_EscapesWhatTheLexerWouldRead(string value, string expected)
    {
        Assert.AreEqual(expected, DockerfileText.Word(value));
        Assert.AreEqual(value, BuildKitWord.Process(DockerfileText.Word(value)));
    }

    [TestMethod]
    public void BuildKitWordModel_UnescapedSpecialCharacters_AreRejected()
    {
        // Guards the test model itself: it must fail where BuildKit fails or expands.
        Assert.ThrowsExactly<FormatException>(() => BuildKitWord.Process("it's"));
        Assert.ThrowsExactly<FormatException>(() => BuildKitWord.Process("\"open"));
        Assert.ThrowsExactly<FormatException>(() => BuildKitWord.Process("$HOME"));
        Assert.ThrowsExactly<FormatException>(() => BuildKitWord.Process("\"$HOME\""));
        Assert.AreEqual("a\\b", BuildKitWord.Process("\"a\\b\""));
        Assert.AreEqual("ab", BuildKitWord.Process("a\\b"));
    }
}
