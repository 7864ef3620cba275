namespace ContainerStages.Engine;

/// <summary>Where the engine listens and how to reach it.</summary>
/// <param name="Source">What chose it, for messages: DOCKER_HOST, a context's name, or the default socket.</param>
internal sealed record EngineEndpoint(Uri Address, EngineTls? Tls, string Source)
{
    public override string ToString() => Address.ToString();
}
