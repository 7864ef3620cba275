using System.Net.Sockets;
using Google.Protobuf;
using Grpc.Core;
using Moby.Sshforward.V1;

namespace ContainerStages.Session.Services;

/// <summary>
/// moby.sshforward.v1.SSH: RUN --mount=type=ssh reaches the user's ssh agent ($SSH_AUTH_SOCK), one
/// ForwardAgent call per connection a process in the build opens. Only the "default" id is served.
/// </summary>
internal sealed class SshForwardService : SSH.SSHBase
{
    private const string DefaultId = "default";

    // The metadata key BuildKit names the mount's id with.
    private const string IdKey = "buildkit.ssh.id";

    private readonly SessionConfiguration _configuration;
    private readonly SessionEvents _events;

    public SshForwardService(SessionConfiguration configuration, SessionEvents events)
    {
        _configuration = configuration;
        _events = events;
    }

    public override Task<CheckAgentResponse> CheckAgent(CheckAgentRequest request, ServerCallContext context)
    {
        string id = request.ID.Length == 0 ? DefaultId : request.ID;
        if (id != DefaultId || _configuration.SshAgentSocket is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"no ssh agent for id {id}: ContainerStages forwards only the default agent ($SSH_AUTH_SOCK)"));
        }

        _events.Write("ssh-check", id);
        return Task.FromResult(new CheckAgentResponse());
    }

    public override async Task ForwardAgent(IAsyncStreamReader<BytesMessage> requestStream, IServerStreamWriter<BytesMessage> responseStream, ServerCallContext context)
    {
        string id = context.RequestHeaders.GetValue(IdKey) is { Length: > 0 } named ? named : DefaultId;
        if (id != DefaultId || _configuration.SshAgentSocket is not { } agentPath)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"no ssh agent for id {id}"));
        }

        using var agent = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await agent.ConnectAsync(new UnixDomainSocketEndPoint(agentPath), context.CancellationToken);
        _events.Write("ssh", id);
        await using var stream = new NetworkStream(agent, ownsSocket: false);

        var toAgent = Task.Run(async () =>
        {
            await foreach (var message in requestStream.ReadAllAsync(context.CancellationToken))
            {
                await stream.WriteAsync(message.Data.Memory, context.CancellationToken);
            }

            agent.Shutdown(SocketShutdown.Send);
        });

        var buffer = new byte[32 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, context.CancellationToken)) > 0)
        {
            await responseStream.WriteAsync(new BytesMessage { Data = ByteString.CopyFrom(buffer, 0, read) });
        }

        await toAgent;
    }
}
