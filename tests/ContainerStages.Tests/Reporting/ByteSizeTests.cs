using ContainerStages.Reporting;

namespace ContainerStages.Tests.Reporting;

/// <summary>ContainerStagesMaxImageSize as written in a project file: decimal MB as 'docker images' shows, binary MiB.</summary>
[TestClass]
public sealed class ByteSizeTests
{
    [TestMethod]
    [DataRow("120MB", 120_000_000L)]
    [DataRow("120 MB", 120_000_000L)]
    [DataRow("120mb", 120_000_000L)]
    [DataRow("1.5GB", 1_500_000_000L)]
    [DataRow("120MiB", 125_829_120L)]
    [DataRow("1GiB", 1_073_741_824L)]
    [DataRow("64KiB", 65_536L)]
    [DataRow("250kB", 250_000L)]
    [DataRow("2TB", 2_000_000_000_000L)]
    [DataRow("123456789", 123_456_789L)]
    [DataRow("100B", 100L)]
    [DataRow(" 5MB ", 5_000_000L)]
    [DataRow("0.5MB", 500_000L)]
    public void TryParse_ASizeWithOrWithoutUnit_GivesBytes(string text, long expected)
    {
        Assert.IsTrue(ByteSize.TryParse(text, out long bytes), text);
        Assert.AreEqual(expected, bytes, text);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("MB")]
    [DataRow("120 megabytes")]
    [DataRow("120M")]
    [DataRow("-5MB")]
    [DataRow("0")]
    [DataRow("0MB")]
    [DataRow("1,5GB")]
    [DataRow("1.5.1GB")]
    [DataRow("99999999999TB")]
    [DataRow("5 MB 6")]
    public void TryParse_NotASize_IsFalse(string text)
    {
        Assert.IsFalse(ByteSize.TryParse(text, out _), text);
    }

    [TestMethod]
    public void TryParse_Null_IsFalse()
    {
        Assert.IsFalse(ByteSize.TryParse(null, out _));
    }

    [TestMethod]
    public void Megabytes_AreDecimalWithOneDigit()
    {
        Assert.AreEqual("229.2 MB", ByteSize.Megabytes(229_164_949));
        Assert.AreEqual("0.0 MB", ByteSize.Megabytes(0));
        Assert.AreEqual("229,164,949", ByteSize.Bytes(229_164_949));
    }
}
