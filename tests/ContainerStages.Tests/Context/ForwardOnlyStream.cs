namespace ContainerStages.Tests.Context;

/// <summary>A write-only, non-seekable stream like a pipe to the engine; can run an action on the first write.</summary>
internal sealed class ForwardOnlyStream(Stream target, Action? onWrite = null) : Stream
{
    private Action? _onFirstWrite = onWrite;

    public bool IsDisposed { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !IsDisposed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        target.Write(buffer);
        var action = _onFirstWrite;
        _onFirstWrite = null;
        action?.Invoke();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
