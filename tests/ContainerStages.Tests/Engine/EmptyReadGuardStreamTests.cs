using ContainerStages.Engine;
using ContainerStages.Tests.Engine.BuildKit;

namespace ContainerStages.Tests.Engine;

/// <summary>The engine client's chunked response throws on a read of no bytes; the guard answers it, and passes every other read on.</summary>
[TestClass]
public sealed class EmptyReadGuardStreamTests
{
    [TestMethod]
    public async Task AnEmptyRead_IsAnsweredWithoutTheInnerStream_OthersReadThrough()
    {
        byte[] data = [1, 2, 3, 4, 5];
        var inner = new TricklingStream(data, 3);
        using var guard = new EmptyReadGuardStream(inner);

        Assert.AreEqual(0, await guard.ReadAsync(Memory<byte>.Empty));
        Assert.AreEqual(0, await guard.ReadAsync(new byte[4], 0, 0));
        Assert.AreEqual(0, inner.ReadCount);
        using var copy = new MemoryStream();
        await guard.CopyToAsync(copy);

        CollectionAssert.AreEqual(data, copy.ToArray());
    }
}
