namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// The offline stand-ins for mcr.microsoft.com/dotnet images that eng/test-env.sh builds; the test
/// machines reach no registry. They are passed through the package's own base-image properties.
/// </summary>
public static class StandInImages
{
    public const string Sdk = "containerstages-standin/sdk:10.0";
    public const string AspNet = "containerstages-standin/aspnet:10.0";
    public const string Runtime = "containerstages-standin/runtime:10.0";
    public const string RuntimeDeps = "containerstages-standin/runtime-deps:10.0";

    /// <summary>The SDK stand-in plus the native toolchain of the upstream AOT SDK image (clang, llvm, zlib1g-dev).</summary>
    public const string SdkAot = "containerstages-standin/sdk-aot:10.0";

    /// <summary>runtime-deps cut down to the libraries a Native AOT app loads, with no shell (a chiseled stand-in).</summary>
    public const string RuntimeDepsMinimal = "containerstages-standin/runtime-deps-minimal:10.0";

    /// <summary>
    /// runtime-deps for linux/arm64 (the same packages, the 'app' user with uid 1654, the same ENV and
    /// labels), for multi-platform builds; its image config says arm64 and it runs under qemu-user-static.
    /// </summary>
    public const string RuntimeDepsArm64 = "containerstages-standin/runtime-deps-arm64:10.0";

    /// <summary>Stand-in for the official node:20 build image: the host's node and npm, NODE_EXTRA_CA_CERTS set.</summary>
    public const string NodeBuild = "containerstages-standin/node:20";

    /// <summary>Stand-in for the official node:20-slim runtime: node only, a 'node' user with uid 1000.</summary>
    public const string NodeRuntime = "containerstages-standin/node:20-slim";

    /// <summary>Stand-in for nginxinc/nginx-unprivileged: Debian's nginx as uid 101 on port 8080, the site in /usr/share/nginx/html.</summary>
    public const string WebServer = "containerstages-standin/nginx-unprivileged:stable";
}
