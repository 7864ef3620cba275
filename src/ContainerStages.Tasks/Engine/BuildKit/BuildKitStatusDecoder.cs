using ContainerStages.Engine.BuildKit.Protocol;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// Decodes BuildKit's <c>moby.buildkit.v1.StatusResponse</c> (api/services/control/control.proto),
/// which the engine sends base64-encoded in <c>{"id":"moby.buildkit.trace","aux":"…"}</c> lines, with the
/// types Grpc.Tools generates from BuildKit's own message definitions (Protos/). Unknown fields, and
/// known fields with an unexpected wire type, are skipped, so newer engines that add fields still
/// decode; malformed input throws <see cref="BuildKitFormatException"/>.
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
        StatusResponse response;
        try
        {
            response = StatusResponse.Parser.ParseFrom(message);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new BuildKitFormatException($"Invalid BuildKit StatusResponse: {ex.Message}", ex);
        }

        return new BuildKitStatus(
            response.Vertexes.Select(ToVertex).ToList(),
            response.Statuses.Select(ToVertexStatus).ToList(),
            response.Logs.Select(ToVertexLog).ToList(),
            response.Warnings.Select(ToVertexWarning).ToList());
    }

    // proto3 cannot tell "no error" from an empty one; null is the clearer contract.
    private static BuildKitVertex ToVertex(Vertex vertex) => new(
        Text(vertex.Digest),
        vertex.Inputs.Select(Text).ToList(),
        Text(vertex.Name),
        vertex.Cached,
        ToTime(vertex.Started),
        ToTime(vertex.Completed),
        vertex.Error.Length == 0 ? null : Text(vertex.Error),
        vertex.ProgressGroup is { } group ? new BuildKitProgressGroup(Text(group.Id), Text(group.Name), group.Weak) : null);

    private static BuildKitVertexStatus ToVertexStatus(VertexStatus status) => new(
        Text(status.ID),
        Text(status.Vertex),
        Text(status.Name),
        status.Current,
        status.Total,
        ToTime(status.Timestamp),
        ToTime(status.Started),
        ToTime(status.Completed));

    private static BuildKitVertexLog ToVertexLog(VertexLog log) => new(Text(log.Vertex), ToTime(log.Timestamp), log.Stream, log.Msg.Memory);

    // short and detail are declared as bytes by BuildKit too, and carry text.
    private static BuildKitVertexWarning ToVertexWarning(VertexWarning warning) => new(
        Text(warning.Vertex),
        warning.Level,
        Text(warning.Short),
        warning.Detail.Select(Text).ToList(),
        warning.Url.Length == 0 ? null : Text(warning.Url),
        warning.Info is { } info ? new BuildKitSourceInfo(Text(info.Filename), info.Data.Memory, Text(info.Language)) : null,
        warning.Ranges.Select(r => new BuildKitSourceRange(r.Start?.Line ?? 0, r.Start?.Character ?? 0, r.End?.Line ?? 0, r.End?.Character ?? 0)).ToList());

    // Invalid UTF-8 becomes U+FFFD, as Go prints such a string.
    private static string Text(ByteString bytes) => System.Text.Encoding.UTF8.GetString(bytes.Span);

    private static DateTimeOffset? ToTime(Timestamp? timestamp)
    {
        if (timestamp is null)
        {
            return null;
        }

        if (timestamp.Seconds < MinUnixSeconds || timestamp.Seconds > MaxUnixSeconds || timestamp.Nanos < 0 || timestamp.Nanos > 999_999_999)
        {
            throw new BuildKitFormatException($"Invalid BuildKit Timestamp: {timestamp.Seconds} s + {timestamp.Nanos} ns is out of range.");
        }

        return DateTimeOffset.FromUnixTimeSeconds(timestamp.Seconds).AddTicks(timestamp.Nanos / 100);
    }
}
