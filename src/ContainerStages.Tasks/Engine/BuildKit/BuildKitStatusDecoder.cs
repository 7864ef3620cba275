namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// Decodes BuildKit's <c>moby.buildkit.v1.StatusResponse</c> (api/services/control/control.proto),
/// which the engine sends base64-encoded in <c>{"id":"moby.buildkit.trace","aux":"…"}</c> lines.
/// Unknown fields and fields with an unexpected wire type are skipped, so newer engines that add
/// fields still decode; malformed input throws <see cref="BuildKitFormatException"/>.
/// </summary>
public static class BuildKitStatusDecoder
{
    // DateTimeOffset's range in Unix seconds; google.protobuf.Timestamp allows the same years 1..9999.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    public static BuildKitStatus DecodeBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new BuildKitFormatException("Invalid BuildKit StatusResponse: the trace payload is not valid base64.", ex);
        }

        return Decode(bytes);
    }

    public static BuildKitStatus Decode(ReadOnlySpan<byte> message)
    {
        var vertexes = new List<BuildKitVertex>();
        var statuses = new List<BuildKitVertexStatus>();
        var logs = new List<BuildKitVertexLog>();
        var warnings = new List<BuildKitVertexWarning>();

        var reader = new ProtobufReader(message, "StatusResponse");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufWireType.LengthDelimited):
                    vertexes.Add(DecodeVertex(reader.ReadLengthDelimited()));
                    break;
                case (2, ProtobufWireType.LengthDelimited):
                    statuses.Add(DecodeVertexStatus(reader.ReadLengthDelimited()));
                    break;
                case (3, ProtobufWireType.LengthDelimited):
                    logs.Add(DecodeVertexLog(reader.ReadLengthDelimited()));
                    break;
                case (4, ProtobufWireType.LengthDelimited):
                    warnings.Add(DecodeVertexWarning(reader.ReadLengthDelimited()));
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new BuildKitStatus(vertexes, statuses, logs, warnings);
    }

    private static BuildKitVertex DecodeVertex(ReadOnlySpan<byte> data)
    {
        var digest = string.Empty;
        var inputs = new List<string>();
        var name = string.Empty;
        var cached = false;
        DateTimeOffset? started = null;
        DateTimeOffset? completed = null;
        var error = string.Empty;
        BuildKitProgressGroup? progressGroup = null;

        var reader = new ProtobufReader(data, "Vertex");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufWireType.LengthDelimited):
                    digest = reader.ReadString();
                    break;
                case (2, ProtobufWireType.LengthDelimited):
                    inputs.Add(reader.ReadString());
                    break;
                case (3, ProtobufWireType.LengthDelimited):
                    name = reader.ReadString();
                    break;
                case (4, ProtobufWireType.Varint):
                    cached = reader.ReadBool();
                    break;
                case (5, ProtobufWireType.LengthDelimited):
                    started = DecodeTimestamp(reader.ReadLengthDelimited());
                    break;
                case (6, ProtobufWireType.LengthDelimited):
                    completed = DecodeTimestamp(reader.ReadLengthDelimited());
                    break;
                case (7, ProtobufWireType.LengthDelimited):
                    error = reader.ReadString();
                    break;
                case (8, ProtobufWireType.LengthDelimited):
                    progressGroup = DecodeProgressGroup(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        // proto3 cannot tell "no error" from an empty one; null is the clearer contract.
        return new BuildKitVertex(digest, inputs, name, cached, started, completed, error.Length == 0 ? null : error, progressGroup);
    }

    private static BuildKitVertexStatus DecodeVertexStatus(ReadOnlySpan<byte> data)
    {
        var id = string.Empty;
        var vertex = string.Empty;
        var name = string.Empty;
        long current = 0;
        long total = 0;
        DateTimeOffset? timestamp = null;
        DateTimeOffset? started = null;
        DateTimeOffset? completed = null;

        var reader = new ProtobufReader(data, "VertexStatus");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufWireType.LengthDelimited):
                    id = reader.ReadString();
                    break;
                case (2, ProtobufWireType.LengthDelimited):
                    vertex = reader.ReadString();
                    break;
                case (3, ProtobufWireType.LengthDelimited):
                    name = reader.ReadString();
                    break;
                case (4, ProtobufWireType.Varint):
                    current = reader.ReadInt64();
                    break;
                case (5, ProtobufWireType.Varint):
                    total = reader.ReadInt64();
                    break;
                case (6, ProtobufWireType.LengthDelimited):
                    timestamp = DecodeTimestamp(reader.ReadLengthDelimited());
                    break;
                case (7, ProtobufWireType.LengthDelimited):
                    started = DecodeTimestamp(reader.ReadLengthDelimited());
                    break;
                case (8, ProtobufWireType.LengthDelimited):
                    completed = DecodeTimestamp(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new BuildKitVertexStatus(id, vertex, name, current, total, timestamp, started, completed);
    }

    private static BuildKitVertexLog DecodeVertexLog(ReadOnlySpan<byte> data)
    {
        var vertex = string.Empty;
        DateTimeOffset? timestamp = null;
        long stream = 0;
        ReadOnlyMemory<byte> message = ReadOnlyMemory<byte>.Empty;

        var reader = new ProtobufReader(data, "VertexLog");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufWireType.LengthDelimited):
                    vertex = reader.ReadString();
                    break;
                case (2, ProtobufWireType.LengthDelimited):
                    timestamp = DecodeTimestamp(reader.ReadLengthDelimited());
                    break;
                case (3, ProtobufWireType.Varint):
                    stream = reader.ReadInt64();
                    break;
                case (4, ProtobufWireType.LengthDelimited):
                    message = reader.ReadBytes();
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new BuildKitVertexLog(vertex, timestamp, stream, message);
    }

    private static BuildKitVertexWarning DecodeVertexWarning(ReadOnlySpan<byte> data)
    {
        var vertex = string.Empty;
        long level = 0;
        var shortMessage = string.Empty;
        var detail = new List<string>();
        var url = string.Empty;
        BuildKitSourceInfo? source = null;
        var ranges = new List<BuildKitSourceRange>();

        var reader = new ProtobufReader(data, "VertexWarning");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufWireType.LengthDelimited):
                    vertex = reader.ReadString();
                    break;
                case (2, ProtobufWireType.Varint):
                    level = reader.ReadInt64();
                    break;
                // short and detail are declared as bytes but carry text.
                case (3, ProtobufWireType.LengthDelimited):
                    shortMessage = reader.ReadString();
                    break;
                case (4, ProtobufWireType.LengthDelimited):
                    detail.Add(reader.ReadString());
                    break;
                case (5, ProtobufWireType.LengthDelimited):
                    url = reader.ReadString();
                    break;
                case (6, ProtobufWireType.LengthDelimited):
                    source = DecodeSourceInfo(reader.ReadLengthDelimited());
                    break;
                case (7, ProtobufWireType.LengthDelimited):
                    ranges.Add(DecodeRange(reader.ReadLengthDelimited()));
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new BuildKitVertexWarning(vertex, level, shortMessage, detail, url.Length == 0 ? null : url, source, ranges);
    }

    private static BuildKitProgressGroup DecodeProgressGroup(ReadOnlySpan<byte> data)
    {
        var id = string.Empty;
        var name = string.Empty;
        var weak = false;

        var reader = new ProtobufReader(data, "ProgressGroup");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufWireType.LengthDelimited):
                    id = reader.ReadString();
                    break;
                case (2, ProtobufWireType.LengthDelimited):
                    name = reader.ReadString();
                    break;
                case (3, ProtobufWireType.Varint):
                    weak = reader.ReadBool();
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new BuildKitProgressGroup(id, name, weak);
    }

    private static BuildKitSourceInfo DecodeSourceInfo(ReadOnlySpan<byte> data)
    {
        var filename = string.Empty;
        ReadOnlyMemory<byte> content = ReadOnlyMemory<byte>.Empty;
        var language = string.Empty;

        // Field 3 (the LLB definition) is deliberately skipped: it is large and useless for messages.
        var reader = new ProtobufReader(data, "SourceInfo");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufWireType.LengthDelimited):
                    filename = reader.ReadString();
                    break;
                case (2, ProtobufWireType.LengthDelimited):
                    content = reader.ReadBytes();
                    break;
                case (4, ProtobufWireType.LengthDelimited):
                    language = reader.ReadString();
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new BuildKitSourceInfo(filename, content, language);
    }

    private static BuildKitSourceRange DecodeRange(ReadOnlySpan<byte> data)
    {
        (int Line, int Character) start = default;
        (int Line, int Character) end = default;

        var reader = new ProtobufReader(data, "Range");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufWireType.LengthDelimited):
                    start = DecodePosition(reader.ReadLengthDelimited());
                    break;
                case (2, ProtobufWireType.LengthDelimited):
                    end = DecodePosition(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return new BuildKitSourceRange(start.Line, start.Character, end.Line, end.Character);
    }

    private static (int Line, int Character) DecodePosition(ReadOnlySpan<byte> data)
    {
        var line = 0;
        var character = 0;

        var reader = new ProtobufReader(data, "Position");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufWireType.Varint):
                    line = reader.ReadInt32();
                    break;
                case (2, ProtobufWireType.Varint):
                    character = reader.ReadInt32();
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        return (line, character);
    }

    /// <summary>google.protobuf.Timestamp { int64 seconds = 1; int32 nanos = 2; }</summary>
    private static DateTimeOffset DecodeTimestamp(ReadOnlySpan<byte> data)
    {
        long seconds = 0;
        var nanos = 0;

        var reader = new ProtobufReader(data, "Timestamp");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, ProtobufWireType.Varint):
                    seconds = reader.ReadInt64();
                    break;
                case (2, ProtobufWireType.Varint):
                    nanos = reader.ReadInt32();
                    break;
                default:
                    reader.SkipField(field, wireType);
                    break;
            }
        }

        if (seconds < MinUnixSeconds || seconds > MaxUnixSeconds || nanos < 0 || nanos > 999_999_999)
        {
            throw new BuildKitFormatException($"Invalid BuildKit Timestamp: {seconds} s + {nanos} ns is out of range.");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
    }
}
