using Google.Protobuf;
using Grpc.Core;
using Moby.Buildkit.Secrets.V1;

namespace ContainerStages.Session.Services;

/// <summary>moby.buildkit.secrets.v1.Secrets: the value behind RUN --mount=type=secret,id=ID.</summary>
internal sealed class SecretsService : Secrets.SecretsBase
{
    private readonly SessionConfiguration _configuration;
    private readonly SessionEvents _events;

    public SecretsService(SessionConfiguration configuration, SessionEvents events)
    {
        _configuration = configuration;
        _events = events;
    }

    public override Task<GetSecretResponse> GetSecret(GetSecretRequest request, ServerCallContext context)
    {
        // NotFound is what BuildKit reads as "no such secret": an optional mount is then skipped,
        // a required one fails naming the id.
        if (!_configuration.Secrets.TryGetValue(request.ID, out string? value))
        {
            _events.Write("secret-missing", request.ID);
            throw new RpcException(new Status(StatusCode.NotFound, $"secret {request.ID} not found"));
        }

        _events.Write("secret", request.ID);
        return Task.FromResult(new GetSecretResponse { Data = ByteString.FromBase64(value) });
    }
}
