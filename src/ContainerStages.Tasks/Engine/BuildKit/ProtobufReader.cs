using System.Text;

namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// A minimal forward-only reader of the protobuf wire format, just enough to decode
/// BuildKit's <c>StatusResponse</c> without taking a dependency on Google.Protobuf.
/// Every read checks the remaining length first, so truncated or garbled input ends in a
/// <see cref="BuildKitFormatException"/> rather than an index error.
/// </summary>
internal ref struct ProtobufReader
{
    // Deeper nesting than this only happens in hostile input; BuildKit's messages are 4 levels deep.
    private const int MaxGroupDepth = 64;

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _messageName;
    private int _position;

    public ProtobufReader(ReadOnlySpan<byte> data, string messageName)
    {
        _data = data;
        _messageName = messageName;
        _position = 0;
    }

    public readonly bool IsAtEnd => _position >= _data.Length;

    /// <summary>Reads the next field key. Returns false at the end of the message.</summary>
    public bool TryReadTag(out int fieldNumber, out ProtobufWireType wireType)
    {
        if (IsAtEnd)
        {
            fieldNumber = 0;
            wireType = default;
            return false;
        }

        var tagOffset = _position;
        var key = ReadRawVarint();
        var number = key >> 3;
        var type = (int)(key & 7);
        if (number == 0 || number > 536_870_911)
        {
            throw Error($"invalid field number {number}", tagOffset);
        }

        if (type > (int)ProtobufWireType.Fixed32)
        {
            throw Error($"invalid wire type {type} for field {number}", tagOffset);
        }

        fieldNumber = (int)number;
        wireType = (ProtobufWireType)type;
        return true;
    }

    public long ReadInt64() => unchecked((long)ReadRawVarint());

    // int32 values are sign-extended to 64 bits on the wire; truncation is what protobuf specifies.
    public int ReadInt32() => unchecked((int)ReadRawVarint());

    public bool ReadBool() => ReadRawVarint() != 0;

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var lengthOffset = _position;
        var length = ReadRawVarint();
        var remaining = _data.Length - _position;
        if (length > (ulong)remaining)
        {
            throw Error($"length {length} exceeds the {remaining} bytes left", lengthOffset);
        }

        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    // Go does not validate UTF-8 in gogo-generated string fields (a RUN line may hold Latin-1
    // bytes), so invalid sequences become U+FFFD instead of failing the whole progress message.
    public string ReadString() => Encoding.UTF8.GetString(ReadLengthDelimited());

    public byte[] ReadBytes() => ReadLengthDelimited().ToArray();

    /// <summary>Skips the value of a field this decoder does not know, whatever its wire type.</summary>
    public void SkipField(int fieldNumber, ProtobufWireType wireType) => SkipField(fieldNumber, wireType, depth: 0);

    private void SkipField(int fieldNumber, ProtobufWireType wireType, int depth)
    {
        switch (wireType)
        {
            case ProtobufWireType.Varint:
                ReadRawVarint();
                break;
            case ProtobufWireType.Fixed64:
                SkipFixed(8);
                break;
            case ProtobufWireType.Fixed32:
                SkipFixed(4);
                break;
            case ProtobufWireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case ProtobufWireType.StartGroup:
                SkipGroup(fieldNumber, depth + 1);
                break;
            case ProtobufWireType.EndGroup:
                throw Error($"unexpected end-group marker for field {fieldNumber}", _position);
            default:
                throw Error($"invalid wire type {(int)wireType}", _position);
        }
    }

    // Groups are deprecated but still legal on the wire: skip fields until the matching end-group key.
    private void SkipGroup(int groupFieldNumber, int depth)
    {
        if (depth > MaxGroupDepth)
        {
            throw Error("groups nested too deeply", _position);
        }

        while (TryReadTag(out var number, out var type))
        {
            if (type == ProtobufWireType.EndGroup)
            {
                if (number != groupFieldNumber)
                {
                    throw Error($"end-group for field {number} inside group {groupFieldNumber}", _position);
                }

                return;
            }

            SkipField(number, type, depth);
        }

        throw Error($"group {groupFieldNumber} is not terminated", _position);
    }

    private void SkipFixed(int size)
    {
        if (_data.Length - _position < size)
        {
            throw Error($"{size}-byte fixed value is cut off", _position);
        }

        _position += size;
    }

    private ulong ReadRawVarint()
    {
        var start = _position;
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw Error("varint is cut off", start);
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Error("varint is longer than 10 bytes", start);
    }

    private readonly BuildKitFormatException Error(string problem, int offset) =>
        new($"Invalid BuildKit {_messageName} at byte {offset} of {_data.Length}: {problem}.");
}
