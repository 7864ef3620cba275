using ContainerStages.Context;

namespace ContainerStages.Tests.Context;

[TestClass]
public sealed class FixedLengthReadStreamTests
{
    [TestMethod]
    public void Read_FileGrewSinceOpened_StopsAtTheLengthPromised()
    {
        using var stream = new FixedLengthReadStream(new MemoryStream([1, 2, 3, 4, 5, 6]), length: 4);

        CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, ReadAll(stream));
    }

    [TestMethod]
    public void Read_FileShrankSinceOpened_PadsWithZerosToTheLengthPromised()
    {
        using var stream = new FixedLengthReadStream(new MemoryStream([1, 2]), length: 5);

        CollectionAssert.AreEqual(new byte[] { 1, 2, 0, 0, 0 }, ReadAll(stream));
    }

    [TestMethod]
    public void Seek_ToTheStart_ReadsAgain()
    {
        using var stream = new FixedLengthReadStream(new MemoryStream([7, 8, 9]), length: 3);
        _ = ReadAll(stream);

        stream.Position = 0;

        CollectionAssert.AreEqual(new byte[] { 7, 8, 9 }, ReadAll(stream));
        Assert.AreEqual(3, stream.Length);
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
