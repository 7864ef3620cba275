using Grpc.Core;
using Moby.Filesync.V1;

namespace ContainerStages.Session.Services;

/// <summary>
/// moby.filesync.v1.FileSend: the tar exporter (outputs type=tar) streams the exported files as raw
/// tar bytes in BytesMessage chunks; they are written to the file the task named and read there
/// once the build ended.
/// </summary>
internal sealed class FileSendService : FileSend.FileSendBase
{
    private readonly SessionConfiguration _configuration;
    private readonly SessionEvents _events;

    public FileSendService(SessionConfiguration configuration, SessionEvents events)
    {
        _configuration = configuration;
        _events = events;
    }

    public override async Task DiffCopy(IAsyncStreamReader<BytesMessage> requestStream, IServerStreamWriter<BytesMessage> responseStream, ServerCallContext context)
    {
        if (_configuration.ExportPath is not { } path)
        {
            throw new RpcException(new Status(StatusCode.Unimplemented, "this session takes no export"));
        }

        long total = 0;
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
            {
                await file.WriteAsync(message.Data.Memory, context.CancellationToken);
                total += message.Data.Length;
            }
        }

        // Returning ends the call, which the exporter waits for before it reports the export done.
        _events.Write("export", total.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
