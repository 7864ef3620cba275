using ContainerStages.Naming;

namespace ContainerStages.Pipeline;

/// <summary>The host's publish output, offered to a generated Dockerfile's host-publish stage.</summary>
/// <param name="Directory">The publish folder.</param>
/// <param name="Platform">The one platform the files run on (linux/amd64); null for portable files that run on any.</param>
/// <param name="ExcludedFile">A file at the top of the folder that stays out (a framework-dependent app's apphost).</param>
/// <param name="FileTime">The time the files are sent with (the image's time); null keeps theirs.</param>
internal sealed record HostPublishInput(string Directory, string? Platform, string? ExcludedFile, DateTimeOffset? FileTime)
{
    /// <summary>Whether an image for <paramref name="imagePlatform"/> (os/arch) can take these files.</summary>
    public bool Fits(string imagePlatform) => Platform is null || ImagePlatform.SameOsAndArchitecture(Platform, imagePlatform);
}
