namespace ContainerStages.Tests.Context;

/// <summary>A write-only sink that keeps only the first bytes written and counts the rest: a tar of many gigabytes without the memory.</summary>
internal sealed class CountingSink(int keep) : Stream
{
    private readonly MemoryStream _head = new();

    public long Count { get; private set; }

    public byte[] Head => _head.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        long room = keep - _head.Length;
        if (room > 0)
        {
            _head.Write(buffer[..(int)Math.Min(room, buffer.Length)]);
        }

        Count += buffer.Length;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
