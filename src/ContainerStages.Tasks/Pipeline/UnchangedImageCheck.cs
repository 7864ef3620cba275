using ContainerStages.Dockerfile;
using ContainerStages.Engine;
using ContainerStages.Reporting;

namespace ContainerStages.Pipeline;

/// <summary>
/// Whether the image the last publish built still stands for this one, so that a publish with nothing
/// changed skips the engine's build: the same fingerprint of the inputs (the files, the Dockerfile, the
/// settings), every image the build reads present in the engine with the id it had then (an image the
/// engine lacks would be asked of its registry, which may have a newer one), and every tag still on
/// the image built. Anything else builds, and BuildKit's cache decides what runs.
/// </summary>
internal static class UnchangedImageCheck
{
    public static async Task<UnchangedImageCheckResult> RunAsync(IContainerEngine engine, ImageBuildInput input, SizeReportOptions options, string recordFile, CancellationToken cancellationToken)
    {
        var info = await engine.ConnectAsync(cancellationToken).ConfigureAwait(false);
        bool usesHostPublish = input.HostPublish?.Fits(input.Platform ?? $"{info.OperatingSystem}/{info.Architecture}") == true;
        var args = input.BuildArgsFor(usesHostPublish);

        var images = DockerfileBuildInputs.Find(await File.ReadAllTextAsync(input.DockerfilePath, cancellationToken).ConfigureAwait(false), input.Target, args)?.Images;
        var none = new Dictionary<string, string>();
        var noFiles = new Dictionary<string, FileContentHash>();
        if (images is null)
        {
            return new(null, "the Dockerfile reads something only a build can check (an image named by a variable, a remote ADD source or a syntax directive)", null, none, noFiles);
        }

        var read = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string image in images)
        {
            if (await engine.TryInspectImageAsync(image, cancellationToken).ConfigureAwait(false) is not { } details)
            {
                return new(null, $"{image} is not in the engine, so the build asks its registry for it", null, none, noFiles);
            }

            read[image] = details.Id;
        }

        var record = BuiltImageRecord.TryRead(recordFile);
        (string Fingerprint, Dictionary<string, FileContentHash> Files) inputs;
        try
        {
            inputs = ImageBuildFingerprint.Compute(input, args, options, info.Endpoint.ToString(), usesHostPublish, recordFile, record?.Files ?? noFiles, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The build reads the same files and says which one, with its code.
            return new(null, $"a file cannot be read ({e.Message})", null, none, noFiles);
        }

        string? reason = record is null ? "no earlier build is on record"
            : record.Fingerprint != inputs.Fingerprint ? "a file or setting it is built from changed"
            : read.FirstOrDefault(r => !record.ReadImages.TryGetValue(r.Key, out string? id) || id != r.Value).Key is { } changed ? $"{changed} changed"
            : await MovedReferenceAsync(engine, input.ImageReferences, record.ImageId, cancellationToken).ConfigureAwait(false) is { } moved ? $"{moved} is not the image built last"
            : null;
        if (reason is null && (inputs.Files.Count != record!.Files.Count || inputs.Files.Any(f => !record.Files.TryGetValue(f.Key, out var seen) || seen != f.Value)))
        {
            // Files rewritten with the same content (the publish does that to some): their new times are kept, so they are not hashed again.
            record = record with { Files = inputs.Files };
            record.TryWrite(recordFile);
        }

        return new(reason is null ? record : null, reason, inputs.Fingerprint, read, inputs.Files);
    }

    private static async Task<string?> MovedReferenceAsync(IContainerEngine engine, IReadOnlyList<string> references, string imageId, CancellationToken cancellationToken)
    {
        foreach (string reference in references)
        {
            if ((await engine.TryInspectImageAsync(reference, cancellationToken).ConfigureAwait(false))?.Id != imageId)
            {
                return reference;
            }
        }

        return null;
    }
}
