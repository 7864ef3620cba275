using System.Formats.Tar;
using System.Text;
using ContainerStages.TestResults;

namespace ContainerStages.Tests.TestResults;

/// <summary>The exported test-results stage as BuildKit's tar exporter sends it.</summary>
[TestClass]
public sealed class TestResultsArchiveTests
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cstg-trx-").FullName;

    [TestCleanup]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void Extract_WritesTheResults_AndReadsTheExitCode()
    {
        var archive = Tar(("results/App.Tests.trx", "<TestRun/>"), ("results/Other/x.trx", "<TestRun/>"), ("outcome/exit-code", "1\n"), ("outcome/output.log", "failed"));

        var (files, exitCode) = TestResultsArchive.Extract(archive, _folder);

        Assert.AreEqual(1, exitCode);
        CollectionAssert.AreEquivalent(new[] { Path.Combine(_folder, "App.Tests.trx"), Path.Combine(_folder, "Other", "x.trx") }, files.ToArray());
        Assert.AreEqual("<TestRun/>", File.ReadAllText(Path.Combine(_folder, "App.Tests.trx")));
        Assert.IsFalse(File.Exists(Path.Combine(_folder, "output.log")), "The outcome is read, not written beside the results.");
    }

    [TestMethod]
    public void Extract_ReplacesAFileOfAnEarlierRun()
    {
        File.WriteAllText(Path.Combine(_folder, "App.Tests.trx"), "old and longer than the new one");

        TestResultsArchive.Extract(Tar(("results/App.Tests.trx", "new"), ("outcome/exit-code", "0")), _folder);

        Assert.AreEqual("new", File.ReadAllText(Path.Combine(_folder, "App.Tests.trx")));
    }

    [TestMethod]
    public void Extract_NeverWritesOutsideTheFolder()
    {
        var (files, exitCode) = TestResultsArchive.Extract(Tar(("results/../../escaped.trx", "x"), ("results/ok.trx", "x")), _folder);

        Assert.IsNull(exitCode, "An archive without an outcome has no exit code.");
        Assert.HasCount(1, files);
        Assert.IsFalse(File.Exists(Path.Combine(Path.GetDirectoryName(_folder)!, "escaped.trx")));
    }

    private static MemoryStream Tar(params (string Name, string Content)[] files)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
            }
        }

        stream.Position = 0;
        return stream;
    }
}
