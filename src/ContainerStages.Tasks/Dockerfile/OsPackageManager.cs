namespace ContainerStages.Dockerfile;

/// <summary>How the runtime stage installs ContainerOsPackage items.</summary>
internal enum OsPackageManager
{
    /// <summary>Debian and Ubuntu: apt-get, with the package lists removed in the same layer.</summary>
    Apt,

    /// <summary>Alpine: apk with --no-cache, which keeps no index in the image.</summary>
    Apk,

    /// <summary>Azure Linux and CBL-Mariner: tdnf, with its cache cleaned in the same layer.</summary>
    Tdnf,

    /// <summary>The base image's name does not say: the step finds the manager the image has.</summary>
    Detect,
}
