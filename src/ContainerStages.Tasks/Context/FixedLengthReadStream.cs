namespace ContainerStages.Context;

/// <summary>
/// A read-only view of a file that always has the length it had when opened: a tar header states
/// the size before the content, so a file growing or shrinking while it is copied (a log being
/// written) must not make the content longer or shorter than the header says.
/// </summary>
internal sealed class FixedLengthReadStream : Stream
{
    private const int LargeCopyBufferSize = 1 << 20;

    private readonly Stream _inner;
    private long _position;

    public FixedLengthReadStream(Stream inner, long length)
    {
        _inner = inner;
        Length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length { get; }

    public override long Position
    {
        get => _position;
        set => _position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long remaining = Length - _position;
        if (remaining <= 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var target = buffer[..(int)Math.Min(buffer.Length, remaining)];
        if (_inner.Position != _position)
        {
            _inner.Position = _position;
        }

        int read = _inner.Read(target);
        if (read == 0)
        {
            // The file shrank: pad with zeros up to the promised length.
            target.Clear();
            read = target.Length;
        }

        _position += read;
        return read;
    }

    /// <remarks>
    /// TarWriter copies an entry's content with CopyTo, which reads 80 KiB at a time: a large file costs
    /// a read and a write per 80 KiB (8 GiB: 100,000 of each). A megabyte at a time does the same work
    /// with a thirteenth of the calls; small files still get a buffer of their own size.
    /// </remarks>
    public override void CopyTo(Stream destination, int bufferSize)
    {
        long remaining = Length - _position;
        base.CopyTo(destination, (int)Math.Max(bufferSize, Math.Min(remaining, LargeCopyBufferSize)));
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
