namespace ContainerStages.Context;

/// <summary>What <see cref="FileTypeProbe"/> found a path to be, with its device numbers for a device node.</summary>
internal readonly record struct FileTypeProbeResult(BuildContextEntryKind Kind, int DeviceMajor, int DeviceMinor);
