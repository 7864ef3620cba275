using System.Security.Cryptography;

namespace ContainerStages.Dockerfile;

/// <summary>The hash the plan keeps of its Dockerfile, and the build compares with the file it sends.</summary>
internal static class DockerfileHash
{
    public static string Of(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
}
