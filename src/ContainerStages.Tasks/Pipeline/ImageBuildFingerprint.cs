using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContainerStages.Context;
using ContainerStages.Dockerfile;
using ContainerStages.Reporting;

namespace ContainerStages.Pipeline;

/// <summary>
/// One hash of everything a build request is made of on this machine: the package, the Dockerfile,
/// the request's settings, and every file the context would send (path, type, mode, content, link),
/// the host's publish folder among them. A file's content is hashed again only when its size or time
/// differs from the last build's (the publish rewrites some files unchanged on every run, and the
/// image takes content, not times). The images the Dockerfile reads are not in it; the engine is
/// asked for those.
/// </summary>
internal static class ImageBuildFingerprint
{
    /// <param name="recordFile">The record this fingerprint goes into, left out of the files when the context holds it.</param>
    /// <param name="knownFiles">The last build's file hashes by full path, with the size and time they were taken at.</param>
    /// <returns>The fingerprint, and the hashes of this build's files for the next one.</returns>
    public static (string Fingerprint, Dictionary<string, FileContentHash> Files) Compute(
        ImageBuildInput input, IReadOnlyDictionary<string, string> buildArgs, SizeReportOptions options, string engine, bool usesHostPublish, string recordFile, IReadOnlyDictionary<string, FileContentHash> knownFiles, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, FileContentHash>(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string name, string? value) => hash.AppendData(Encoding.UTF8.GetBytes($"{name}\u001f{value}\u001e"));

        Add("package", typeof(ImageBuildFingerprint).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add("engine", engine);
        Add("dockerfile", input.DockerfilePath);
        Add("dockerfile-sha256", DockerfileHash.Of(File.ReadAllBytes(input.DockerfilePath)));
        Add("context", input.ContextDirectory);
        Add("target", input.Target);
        Add("references", string.Join(' ', input.ImageReferences));
        Add("platform", input.Platform);
        Add("cache-from", string.Join(' ', input.CacheFrom));
        Add("inline-cache", input.InlineCache ? "true" : "false");
        Add("network", input.NetworkMode);
        foreach (var (name, value) in buildArgs.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            Add("arg " + name, value);
        }

        foreach (var (image, property) in input.ImageProperties.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Add("image " + image, property);
        }

        Add("budget", options.MaxImageSize?.ToString(CultureInfo.InvariantCulture));
        Add("report", options.ReportFile);

        var rules = BuildContextScope.Rules(input, usesHostPublish, buildArgs);
        string record = Path.GetFullPath(recordFile);
        AddFiles(Add, "file ", knownFiles, files, BuildContextFileEnumerator.Enumerate(input.ContextDirectory, rules, cancellationToken)
            .Where(e => !Path.GetFullPath(e.FullPath).StartsWith(record, StringComparison.Ordinal)));

        if (usesHostPublish && input.HostPublish is { } host)
        {
            Add("host-publish", host.Directory);
            Add("host-publish-excluded", host.ExcludedFile);
            Add("host-publish-time", host.FileTime?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            AddFiles(Add, "published ", knownFiles, files, BuildContextFileEnumerator.Enumerate(host.Directory, DockerIgnoreRules.Empty, cancellationToken));
        }

        return (Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant(), files);
    }

    private static void AddFiles(
        Action<string, string?> add, string prefix, IReadOnlyDictionary<string, FileContentHash> known, Dictionary<string, FileContentHash> files, IEnumerable<BuildContextEntry> entries)
    {
        foreach (var entry in entries)
        {
            string content = string.Empty;
            if (entry.Kind == BuildContextEntryKind.File)
            {
                long ticks = entry.LastWriteTimeUtc.UtcTicks;
                var hash = known.TryGetValue(entry.FullPath, out var seen) && seen.Length == entry.Length && seen.TimeTicks == ticks
                    ? seen
                    : new FileContentHash(entry.Length, ticks, HashOf(entry.FullPath));
                files[entry.FullPath] = hash;
                content = hash.Sha256;
            }

            add(prefix + entry.RelativePath, string.Create(CultureInfo.InvariantCulture, $"{entry.Kind} {entry.Length} {(int)entry.Mode} {content} {entry.LinkTarget}"));
        }
    }

    private static string HashOf(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        return Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();
    }
}
