using System.Text.Json.Serialization;

namespace ContainerStages.Session;

// Source-generated: reflection-based JSON would cost start-up time on every build.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SessionConfiguration))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
