using System.Text;
using ContainerStages.Engine.BuildKit;

namespace ContainerStages.Tests.Engine.BuildKit;

[TestClass]
public sealed class BuildKitStatusDecoderTests
{
    private static readonly DateTimeOffset Started = new(2026, 11, 26, 0, 5, 53, TimeSpan.Zero);

    [TestMethod]
    public void Decode_EmptyInput_GivesEmptyStatus()
    {
        var status = BuildKitStatusDecoder.Decode(ReadOnlySpan<byte>.Empty);

        Assert.IsEmpty(status.Vertexes);
        Assert.IsEmpty(status.Statuses);
        Assert.IsEmpty(status.Logs);
        Assert.IsEmpty(status.Warnings);
    }

    [TestMethod]
    public void Decode_Vertex_ReadsEveryField()
    {
        var bytes = new ProtobufTestWriter()
            .Message(1, v => v
                .String(1, "sha256:aaa")
                .String(2, "sha256:in1")
                .String(2, "sha256:in2")
                .String(3, "[build 3/4] RUN dotnet build")
                .Bool(4, true)
                .Timestamp(5, Started)
                .Timestamp(6, Started.AddTicks(23_456_789))
                .String(7, "exit code: 1")
                .Message(8, g => g.String(1, "group-id").String(2, "group name").Bool(3, true)))
            .ToArray();

        var vertex = BuildKitStatusDecoder.Decode(bytes).Vertexes.Single();

        Assert.AreEqual("sha256:aaa", vertex.Digest);
        CollectionAssert.AreEqual(new[] { "sha256:in1", "sha256:in2" }, vertex.Inputs.ToArray());
        Assert.AreEqual("[build 3/4] RUN dotnet build", vertex.Name);
        Assert.IsTrue(vertex.Cached);
        Assert.AreEqual(Started, vertex.Started);
        Assert.AreEqual(Started.AddTicks(23_456_789), vertex.Completed);
        Assert.AreEqual("exit code: 1", vertex.Error);
        Assert.AreEqual(new BuildKitProgressGroup("group-id", "group name", true), vertex.ProgressGroup);
    }

    [TestMethod]
    public void Decode_VertexWithoutOptionalFields_HasNullsAndDefaults()
    {
        var bytes = new ProtobufTestWriter().Message(1, v => v.String(1, "sha256:aaa").String(3, "copy /context /")).ToArray();

        var vertex = BuildKitStatusDecoder.Decode(bytes).Vertexes.Single();

        Assert.IsFalse(vertex.Cached);
        Assert.IsNull(vertex.Started);
        Assert.IsNull(vertex.Completed);
        Assert.IsNull(vertex.Error);
        Assert.IsNull(vertex.ProgressGroup);
        Assert.IsEmpty(vertex.Inputs);
    }

    [TestMethod]
    public void Decode_VertexStatus_ReadsEveryField()
    {
        var bytes = new ProtobufTestWriter()
            .Message(2, s => s
                .String(1, "exporting layers")
                .String(2, "sha256:export")
                .String(3, "exporting layers")
                .Int64(4, 1234)
                .Int64(5, 5678)
                .Timestamp(6, Started.AddSeconds(3))
                .Timestamp(7, Started.AddSeconds(1))
                .Timestamp(8, Started.AddSeconds(2)))
            .ToArray();

        var status = BuildKitStatusDecoder.Decode(bytes).Statuses.Single();

        Assert.AreEqual(
            new BuildKitVertexStatus("exporting layers", "sha256:export", "exporting layers", 1234, 5678, Started.AddSeconds(3), Started.AddSeconds(1), Started.AddSeconds(2)),
            status);
    }

    [TestMethod]
    public void Decode_VertexLog_KeepsRawBytes()
    {
        var message = new byte[] { (byte)'h', (byte)'i', 0xC3 }; // ends inside a UTF-8 sequence, as real chunks may
        var bytes = new ProtobufTestWriter()
            .Message(3, l => l.String(1, "sha256:run").Timestamp(2, Started).Int64(3, 2).Bytes(4, message))
            .ToArray();

        var log = BuildKitStatusDecoder.Decode(bytes).Logs.Single();

        Assert.AreEqual("sha256:run", log.Vertex);
        Assert.AreEqual(Started, log.Timestamp);
        Assert.AreEqual(BuildKitVertexLog.StandardError, log.Stream);
        CollectionAssert.AreEqual(message, log.Message.ToArray());
    }

    [TestMethod]
    public void Decode_VertexWarning_ReadsSourceAndRanges()
    {
        var bytes = new ProtobufTestWriter()
            .Message(4, w => w
                .String(1, "sha256:dockerfile")
                .Int64(2, 1)
                .String(3, "FromAsCasing: 'as' and 'FROM' keywords' casing do not match")
                .String(4, "detail one")
                .String(4, "detail two")
                .String(5, "https://docs.docker.com/go/dockerfile/rule/from-as-casing/")
                .Message(6, i => i
                    .String(1, "Dockerfile")
                    .String(2, "FROM x as y\n")
                    .Message(3, d => d.String(1, "an LLB definition we skip"))
                    .String(4, "Dockerfile"))
                .Message(7, r => r
                    .Message(1, p => p.Int64(1, 3).Int64(2, 0))
                    .Message(2, p => p.Int64(1, 3).Int64(2, 11))))
            .ToArray();

        var warning = BuildKitStatusDecoder.Decode(bytes).Warnings.Single();

        Assert.AreEqual("sha256:dockerfile", warning.Vertex);
        Assert.AreEqual(1, warning.Level);
        Assert.AreEqual("FromAsCasing: 'as' and 'FROM' keywords' casing do not match", warning.Short);
        CollectionAssert.AreEqual(new[] { "detail one", "detail two" }, warning.Detail.ToArray());
        Assert.AreEqual("https://docs.docker.com/go/dockerfile/rule/from-as-casing/", warning.Url);
        Assert.IsNotNull(warning.Source);
        Assert.AreEqual("Dockerfile", warning.Source.Filename);
        Assert.AreEqual("FROM x as y\n", Encoding.UTF8.GetString(warning.Source.Data.Span));
        Assert.AreEqual("Dockerfile", warning.Source.Language);
        Assert.AreEqual(new BuildKitSourceRange(3, 0, 3, 11), warning.Ranges.Single());
    }

    [TestMethod]
    public void Decode_RepeatedMessages_KeepOrder()
    {
        var bytes = new ProtobufTestWriter()
            .Message(1, v => v.String(1, "a"))
            .Message(3, l => l.String(1, "a").Bytes(4, "x"u8.ToArray()))
            .Message(1, v => v.String(1, "b"))
            .Message(3, l => l.String(1, "b").Bytes(4, "y"u8.ToArray()))
            .ToArray();

        var status = BuildKitStatusDecoder.Decode(bytes);

        CollectionAssert.AreEqual(new[] { "a", "b" }, status.Vertexes.Select(v => v.Digest).ToArray());
        CollectionAssert.AreEqual(new[] { "a", "b" }, status.Logs.Select(l => l.Vertex).ToArray());
    }

    [TestMethod]
    public void Decode_UnknownFieldsOfEveryWireType_AreSkippedAtEveryLevel()
    {
        static ProtobufTestWriter Noise(ProtobufTestWriter w) => w
            .Varint(90, ulong.MaxValue)
            .Fixed64(91, 0x0102030405060708)
            .String(92, "future field")
            .StartGroup(93).Varint(1, 5).String(2, "in group").StartGroup(3).Fixed32(4, 7).EndGroup(3).EndGroup(93)
            .Fixed32(94, 0xDEADBEEF)
            .Varint(536_870_911, 1); // the highest legal field number

        var bytes = Noise(new ProtobufTestWriter())
            .Message(1, v => Noise(v)
                .String(1, "sha256:aaa")
                .String(3, "[final 1/1] COPY")
                .Message(5, t => Noise(t).Int64(1, Started.ToUnixTimeSeconds()))
                .Message(8, g => Noise(g).String(1, "g")))
            .Message(2, s => Noise(s).String(1, "id").Int64(4, 42))
            .Message(3, l => Noise(l).String(1, "sha256:aaa").Bytes(4, "out"u8.ToArray()))
            .Message(4, w => Noise(w)
                .String(3, "careful")
                .Message(6, i => Noise(i).String(1, "Dockerfile"))
                .Message(7, r => Noise(r).Message(1, p => Noise(p).Int64(1, 7))))
            .Message(5, unknown => unknown.String(1, "a whole unknown message"))
            .ToArray();

        var status = BuildKitStatusDecoder.Decode(bytes);

        var vertex = status.Vertexes.Single();
        Assert.AreEqual("sha256:aaa", vertex.Digest);
        Assert.AreEqual("[final 1/1] COPY", vertex.Name);
        Assert.AreEqual(Started, vertex.Started);
        Assert.AreEqual("g", vertex.ProgressGroup?.Id);
        Assert.AreEqual(42, status.Statuses.Single().Current);
        Assert.AreEqual("out", Encoding.UTF8.GetString(status.Logs.Single().Message.Span));
        var warning = status.Warnings.Single();
        Assert.AreEqual("careful", warning.Short);
        Assert.AreEqual("Dockerfile", warning.Source?.Filename);
        Assert.AreEqual(7, warning.Ranges.Single().StartLine);
    }

    [TestMethod]
    public void Decode_KnownFieldWithUnexpectedWireType_IsSkipped()
    {
        // A future BuildKit could never legally do this, but a mismatch must not be misread as data.
        var bytes = new ProtobufTestWriter()
            .Message(1, v => v.Varint(3, 12).Fixed32(1, 1).String(4, "not a bool").String(3, "real name"))
            .Varint(1, 7)
            .ToArray();

        var vertex = BuildKitStatusDecoder.Decode(bytes).Vertexes.Single();

        Assert.AreEqual("real name", vertex.Name);
        Assert.AreEqual(string.Empty, vertex.Digest);
        Assert.IsFalse(vertex.Cached);
    }

    [TestMethod]
    public void Decode_InvalidUtf8InString_BecomesReplacementCharacter()
    {
        var bytes = new ProtobufTestWriter().Message(1, v => v.Bytes(3, new byte[] { (byte)'R', 0xFF, (byte)'N' })).ToArray();

        Assert.AreEqual("R\uFFFDN", BuildKitStatusDecoder.Decode(bytes).Vertexes.Single().Name);
    }

    [TestMethod]
    public void Decode_EveryTruncationOfAValidMessage_ThrowsOnlyFormatException()
    {
        var bytes = FullStatusResponse();
        var failures = 0;

        for (var length = 0; length < bytes.Length; length++)
        {
            try
            {
                BuildKitStatusDecoder.Decode(bytes.AsSpan(0, length));
            }
            catch (BuildKitFormatException)
            {
                failures++;
            }
        }

        // Cutting between two top-level messages is a valid shorter message; everywhere else must fail cleanly.
        Assert.IsGreaterThan(bytes.Length / 2, failures);
    }

    [TestMethod]
    public void Decode_RandomCorruption_ThrowsOnlyFormatException()
    {
        var original = FullStatusResponse();
        var random = new Random(20261126);

        for (var round = 0; round < 5000; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            try
            {
                BuildKitStatusDecoder.Decode(bytes);
            }
            catch (BuildKitFormatException)
            {
                // expected for most corruptions
            }
        }

        for (var round = 0; round < 2000; round++)
        {
            var garbage = new byte[random.Next(1, 64)];
            random.NextBytes(garbage);
            try
            {
                BuildKitStatusDecoder.Decode(garbage);
            }
            catch (BuildKitFormatException)
            {
                // expected for most garbage
            }
        }
    }

    [TestMethod]
    public void Decode_LengthBeyondEnd_ExplainsWhere()
    {
        var bytes = new ProtobufTestWriter().Raw(0x0A, 0x05, 0x0A, 0x01).ToArray(); // vertexes, length 5, but 2 bytes follow

        var ex = Assert.ThrowsExactly<BuildKitFormatException>(() => BuildKitStatusDecoder.Decode(bytes));

        StringAssert.Contains(ex.Message, "StatusResponse");
        StringAssert.Contains(ex.Message, "ended unexpectedly in the middle of a field");
    }

    [TestMethod]
    [DataRow(new byte[] { 0x0E }, "invalid wire type", DisplayName = "wire type 6")]
    [DataRow(new byte[] { 0x0F }, "invalid wire type", DisplayName = "wire type 7")]
    [DataRow(new byte[] { 0x00, 0x00 }, "invalid tag (zero)", DisplayName = "field number 0")]
    [DataRow(new byte[] { 0x08, 0x80 }, "ended unexpectedly", DisplayName = "varint cut off")]
    [DataRow(new byte[] { 0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, "malformed varint", DisplayName = "varint too long")]
    [DataRow(new byte[] { 0x09, 0x01, 0x02 }, "ended unexpectedly", DisplayName = "fixed64 cut off")]
    [DataRow(new byte[] { 0x0D, 0x01 }, "ended unexpectedly", DisplayName = "fixed32 cut off")]
    [DataRow(new byte[] { 0x53, 0x08, 0x01 }, "end-group tag did not match", DisplayName = "group not terminated")]
    [DataRow(new byte[] { 0x53, 0x5C }, "end-group tag did not match", DisplayName = "group mismatched")]
    [DataRow(new byte[] { 0x54 }, "more data was available", DisplayName = "stray end-group")]
    public void Decode_MalformedWireData_ThrowsFormatException(byte[] bytes, string expected)
    {
        var ex = Assert.ThrowsExactly<BuildKitFormatException>(() => BuildKitStatusDecoder.Decode(bytes));

        StringAssert.Contains(ex.Message, expected);
    }

    [TestMethod]
    public void Decode_DeeplyNestedGroups_ThrowsFormatException()
    {
        var writer = new ProtobufTestWriter();
        for (var i = 0; i < 10_000; i++)
        {
            writer.StartGroup(10);
        }

        var ex = Assert.ThrowsExactly<BuildKitFormatException>(() => BuildKitStatusDecoder.Decode(writer.ToArray()));

        StringAssert.Contains(ex.Message, "too many levels of nesting");
    }

    [TestMethod]
    public void Decode_TimestampOutOfRange_ThrowsFormatException()
    {
        var bytes = new ProtobufTestWriter().Message(1, v => v.Message(5, t => t.Int64(1, long.MaxValue))).ToArray();

        var ex = Assert.ThrowsExactly<BuildKitFormatException>(() => BuildKitStatusDecoder.Decode(bytes));

        StringAssert.Contains(ex.Message, "Timestamp");
    }

    [TestMethod]
    public void Decode_NegativeTimestampNanos_ThrowsFormatException()
    {
        var bytes = new ProtobufTestWriter().Message(1, v => v.Message(6, t => t.Int64(1, 1).Int64(2, -1))).ToArray();

        Assert.ThrowsExactly<BuildKitFormatException>(() => BuildKitStatusDecoder.Decode(bytes));
    }

    [TestMethod]
    public void DecodeBase64_InvalidBase64_ThrowsFormatException()
    {
        var ex = Assert.ThrowsExactly<BuildKitFormatException>(() => BuildKitStatusDecoder.DecodeBase64("not base64!"));

        StringAssert.Contains(ex.Message, "base64");
    }

    [TestMethod]
    public void DecodeBase64_TraceFromTheRealEngine_DecodesVertexWithTimestamps()
    {
        // Second line of a recorded response from dockerd 20.10 (BuildKit 0.8).
        const string aux = "CnwKR3NoYTI1NjpiZmI0MmRlMDg0YjNmNTYxNDRkZTE5ODZkY2ZlNmYyMDYyYWFhNGJmOGVhNDYwMzcyZjQ0ZTc1MDZmYzMxMWEzGiRbaW50ZXJuYWxdIGxvYWQgcmVtb3RlIGJ1aWxkIGNvbnRleHQqCwjh753YBhCzvZQI";

        var vertex = BuildKitStatusDecoder.DecodeBase64(aux).Vertexes.Single();

        Assert.AreEqual("sha256:bfb42de084b3f56144de1986dcfe6f2062aaa4bf8ea460372f44e7506fc311a3", vertex.Digest);
        Assert.AreEqual("[internal] load remote build context", vertex.Name);
        Assert.IsNotNull(vertex.Started);
        Assert.AreEqual(2026, vertex.Started.Value.Year);
        Assert.IsNull(vertex.Completed);
    }

    private static byte[] FullStatusResponse() => new ProtobufTestWriter()
        .Message(1, v => v
            .String(1, "sha256:aaa")
            .String(2, "sha256:in")
            .String(3, "[build 3/4] RUN dotnet build")
            .Bool(4, false)
            .Timestamp(5, Started)
            .Timestamp(6, Started.AddSeconds(2))
            .String(7, "exit code: 1")
            .Message(8, g => g.String(1, "g").String(2, "n").Bool(3, true)))
        .Message(2, s => s.String(1, "id").String(2, "sha256:aaa").String(3, "n").Int64(4, 1).Int64(5, 2).Timestamp(6, Started))
        .Message(3, l => l.String(1, "sha256:aaa").Timestamp(2, Started).Int64(3, 1).Bytes(4, "hello\n"u8.ToArray()))
        .Message(4, w => w
            .String(1, "sha256:aaa")
            .Int64(2, 1)
            .String(3, "short")
            .String(4, "detail")
            .String(5, "https://example.invalid")
            .Message(6, i => i.String(1, "Dockerfile").String(2, "FROM x"))
            .Message(7, r => r.Message(1, p => p.Int64(1, 1).Int64(2, 2)).Message(2, p => p.Int64(1, 1).Int64(2, 6))))
        .ToArray();
}
