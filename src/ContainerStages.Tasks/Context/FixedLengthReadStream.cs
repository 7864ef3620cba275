namespace ContainerStages.Context;

/// <summary>
/// A read-only view of a file that always has the length it had when opened: a tar header states
/// the size before the content, so a file growing or shrinking while it is copied (a log being
/// written) must not make the content longer or shorter than the header says.
/// </summary>
internal sealed class FixedLengthReadStream : Stream
{
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
