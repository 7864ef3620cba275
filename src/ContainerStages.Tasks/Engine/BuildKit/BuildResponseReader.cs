using System.Text;
using System.Text.Json;

namespace ContainerStages.Engine.BuildKit;

/// <summary>
/// Reads the body of <c>POST /build?version=2</c>: a stream of JSON objects (normally one per line).
/// Docker.DotNet's <c>IProgress&lt;JSONMessage&gt;</c> overload cannot be used because BuildKit traces carry
/// <c>aux</c> as a base64 string, which its model expects to be an object.
/// </summary>
/// <remarks>
/// Recognised messages: <c>{"id":"moby.buildkit.trace","aux":"&lt;base64 StatusResponse&gt;"}</c>,
/// <c>{"id":"moby.image.id","aux":{"ID":"sha256:…"}}</c>, <c>{"stream":"…"}</c> and
/// <c>{"errorDetail":{"message":"…"},"error":"…"}</c>; anything else is ignored. Objects may be split
/// across reads or packed several per line.
/// </remarks>
public static class BuildResponseReader
{
    public const string TraceMessageId = "moby.buildkit.trace";
    public const string ImageIdMessageId = "moby.image.id";

    private const int InitialBufferSize = 16 * 1024;

    // One message holds at most one trace batch; anything this large is not a Docker build response.
    private const int MaxMessageSize = 64 * 1024 * 1024;

    public static Task<BuildResponseOutcome> ReadAsync(Stream response, IBuildProgressSink sink, CancellationToken cancellationToken) =>
        ReadAsync(response, new BuildProgressTracker(sink), cancellationToken);

    /// <summary>
    /// Reads the whole response, feeding <paramref name="tracker"/> as messages arrive. Pass your own tracker
    /// to call <see cref="BuildProgressTracker.Heartbeat"/> from a timer meanwhile.
    /// </summary>
    /// <exception cref="BuildKitFormatException">The body is not a stream of JSON objects.</exception>
    public static async Task<BuildResponseOutcome> ReadAsync(Stream response, BuildProgressTracker tracker, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(tracker);

        var state = new BuildResponseState();
        var buffer = new byte[InitialBufferSize];
        var start = 0;
        var end = 0;
        var endOfStream = false;
        long bytesBefore = 0;

        while (true)
        {
            while (start < end && IsJsonWhitespace(buffer[start]))
            {
                start++;
            }

            if (start < end)
            {
                var consumed = TryReadMessage(buffer.AsSpan(start, end - start), bytesBefore + start, out var message);
                if (message is not null)
                {
                    using (message)
                    {
                        HandleMessage(message.RootElement, tracker, state);
                    }

                    start += consumed;
                    continue;
                }
            }

            if (endOfStream)
            {
                state.Truncated = start < end;
                break;
            }

            // Keep the unfinished message at the front of the buffer and make room for more of it.
            if (start > 0)
            {
                Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                bytesBefore += start;
                end -= start;
                start = 0;
            }

            if (end == buffer.Length)
            {
                if (buffer.Length >= MaxMessageSize)
                {
                    throw new BuildKitFormatException($"Invalid build response: a single message is larger than {MaxMessageSize} bytes.");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await response.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                endOfStream = true;
            }

            end += read;
        }

        tracker.Complete();
        return CreateOutcome(tracker, state);
    }

    /// <summary>Parses one JSON value from the front of <paramref name="data"/>; null when more bytes are needed.</summary>
    private static int TryReadMessage(ReadOnlySpan<byte> data, long offset, out JsonDocument? message)
    {
        // isFinalBlock stays false even at the end of the stream: the engine only sends objects, whose
        // closing brace ends them, so "needs more data" at the end reliably means "truncated".
        var reader = new Utf8JsonReader(data, isFinalBlock: false, state: default);
        try
        {
            if (JsonDocument.TryParseValue(ref reader, out message))
            {
                return checked((int)reader.BytesConsumed);
            }

            return 0;
        }
        catch (JsonException ex)
        {
            var snippet = Encoding.UTF8.GetString(data[..Math.Min(data.Length, 80)]);
            throw new BuildKitFormatException(
                $"Invalid build response: the engine sent something that is not JSON at byte {offset}: \"{snippet}\".",
                ex);
        }
    }

    private static void HandleMessage(JsonElement message, BuildProgressTracker tracker, BuildResponseState state)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new BuildKitFormatException($"Invalid build response: expected JSON objects, got {message.ValueKind}.");
        }

        if (TryGetError(message) is { } error)
        {
            // The first error explains the failure; later ones are consequences.
            state.ErrorMessage ??= error;
            return;
        }

        var id = GetString(message, "id");
        if (id == TraceMessageId && message.TryGetProperty("aux", out var trace) && trace.ValueKind == JsonValueKind.String)
        {
            BuildKitStatus status;
            try
            {
                status = BuildKitStatusDecoder.DecodeBase64(trace.GetString()!);
            }
            catch (BuildKitFormatException ex)
            {
                // Progress is cosmetic: an undecodable batch must not fail a build that may well succeed.
                tracker.ReportEngineOutput($"(BuildKit progress could not be decoded: {ex.Message})");
                return;
            }

            tracker.Apply(status);
            return;
        }

        if (id == ImageIdMessageId && message.TryGetProperty("aux", out var aux) && aux.ValueKind == JsonValueKind.Object)
        {
            state.ImageId = GetString(aux, "ID") ?? state.ImageId;
            return;
        }

        if (GetString(message, "stream") is { } stream)
        {
            tracker.ReportEngineOutput(stream);
        }
    }

    private static string? TryGetError(JsonElement message)
    {
        if (message.TryGetProperty("errorDetail", out var detail)
            && detail.ValueKind == JsonValueKind.Object
            && GetString(detail, "message") is { Length: > 0 } detailed)
        {
            return detailed;
        }

        return GetString(message, "error") is { Length: > 0 } error ? error : null;
    }

    private static string? GetString(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static BuildResponseOutcome CreateOutcome(BuildProgressTracker tracker, BuildResponseState state)
    {
        var succeeded = state.ImageId is not null && state.ErrorMessage is null;
        var failure = succeeded ? null : tracker.GetFailure();
        return new BuildResponseOutcome(state.ImageId, state.ErrorMessage, failure, tracker.GetSummary())
        {
            EndedInsideMessage = state.Truncated,
        };
    }

    private static bool IsJsonWhitespace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';
}
