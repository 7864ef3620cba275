namespace ContainerStages.Tests.Engine.BuildKit;

/// <summary>
/// Test-only protobuf encoder: builds StatusResponse bytes by hand, including things a real
/// encoder would never produce (unknown fields of every wire type, groups, wrong wire types).
/// </summary>
internal sealed class ProtobufTestWriter
{
    private readonly List<byte> _bytes = new();

    public ProtobufTestWriter Varint(int field, ulong value)
    {
        Key(field, 0);
        WriteVarint(value);
        return this;
    }

    public ProtobufTestWriter Int64(int field, long value) => Varint(field, unchecked((ulong)value));

    public ProtobufTestWriter Bool(int field, bool value) => Varint(field, value ? 1UL : 0UL);

    public ProtobufTestWriter Fixed64(int field, ulong value)
    {
        Key(field, 1);
        for (var i = 0; i < 8; i++)
        {
            _bytes.Add((byte)(value >> (8 * i)));
        }

        return this;
    }

    public ProtobufTestWriter Fixed32(int field, uint value)
    {
        Key(field, 5);
        for (var i = 0; i < 4; i++)
        {
            _bytes.Add((byte)(value >> (8 * i)));
        }

        return this;
    }

    public ProtobufTestWriter Bytes(int field, byte[] value)
    {
        Key(field, 2);
        WriteVarint((ulong)value.Length);
        _bytes.AddRange(value);
        return this;
    }

    public ProtobufTestWriter String(int field, string value) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));

    public ProtobufTestWriter Message(int field, ProtobufTestWriter message) => Bytes(field, message.ToArray());

    public ProtobufTestWriter Message(int field, Action<ProtobufTestWriter> build)
    {
        var message = new ProtobufTestWriter();
        build(message);
        return Message(field, message);
    }

    public ProtobufTestWriter StartGroup(int field)
    {
        Key(field, 3);
        return this;
    }

    public ProtobufTestWriter EndGroup(int field)
    {
        Key(field, 4);
        return this;
    }

    /// <summary>google.protobuf.Timestamp { int64 seconds = 1; int32 nanos = 2; }</summary>
    public ProtobufTestWriter Timestamp(int field, DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return Message(field, t =>
        {
            t.Int64(1, seconds);
            if (remainder != 0)
            {
                t.Int64(2, remainder * 100);
            }
        });
    }

    public ProtobufTestWriter Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public byte[] ToArray() => _bytes.ToArray();

    private void Key(int field, int wireType) => WriteVarint(((ulong)(uint)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _bytes.Add((byte)value);
    }
}
