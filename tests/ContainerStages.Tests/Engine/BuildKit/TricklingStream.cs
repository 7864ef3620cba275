namespace ContainerStages.Tests.Engine.BuildKit;

/// <summary>
/// A read-only stream that returns 1 to 7 bytes per read (seeded, so failures reproduce), to prove
/// the response reader copes with JSON objects and UTF-8 sequences split across reads.
/// </summary>
internal sealed class TricklingStream : Stream
{
    private readonly byte[] _data;
    private readonly Random _random;
    private int _position;

    public TricklingStream(byte[] data, int seed)
    {
        _data = data;
        _random = new Random(seed);
    }

    public int ReadCount { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ReadCount++;
        var size = Math.Min(Math.Min(_random.Next(1, 8), buffer.Length), _data.Length - _position);
        _data.AsSpan(_position, size).CopyTo(buffer);
        _position += size;
        return size;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        await Task.Yield();
        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
