namespace ContainerStages.Tests.Engine.Session;

/// <summary>An engine connection that answers with fixed bytes, a few at a time, and records what was written.</summary>
internal sealed class ScriptedDuplexStream : Stream
{
    private readonly byte[] _answer;
    private readonly int _chunk;
    private int _position;

    public ScriptedDuplexStream(byte[] answer, int chunk = 3)
    {
        _answer = answer;
        _chunk = chunk;
    }

    public MemoryStream Written { get; } = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int size = Math.Min(Math.Min(_chunk, count), _answer.Length - _position);
        Array.Copy(_answer, _position, buffer, offset, size);
        _position += size;
        return size;
    }

    public override void Write(byte[] buffer, int offset, int count) => Written.Write(buffer, offset, count);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
