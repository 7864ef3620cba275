using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace ContainerStages.IntegrationTests.Infrastructure;

/// <summary>
/// Looks for secrets where a build could leave them: every file of every layer an image adds to its
/// base (read from the engine's export, so images without a shell are read too), the image's config
/// and history, files on disk, logs and binlogs.
/// </summary>
public static class SecretScan
{
    /// <summary>The files of the layers above <paramref name="baseImage"/>'s, the image config and history.</summary>
    public static void AssertNotInImage(string image, string baseImage, params string[] secrets)
    {
        int baseLayers = DockerCli.InspectImage(baseImage).GetProperty("RootFS").GetProperty("Layers").GetArrayLength();
        var history = DockerCli.Run("history", "--no-trunc", image);
        Assert.IsTrue(history.Succeeded, history.ToString());
        var inspect = DockerCli.Run("image", "inspect", image);
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, history.Output, $"The secret is in the history of {image}.");
            Assert.DoesNotContain(secret, inspect.Output, $"The secret is in the config of {image}.");
        }

        string archive = Path.Combine(TestEnvironment.WorkRoot, $"scan-{Guid.NewGuid():N}.tar");
        try
        {
            var save = DockerCli.Run("save", "-o", archive, image);
            Assert.IsTrue(save.Succeeded, save.ToString());
            var (layers, config) = ReadManifest(archive);
            Assert.IsGreaterThan(baseLayers, layers.Count, $"{image} adds no layer to {baseImage}: nothing was scanned.");
            int files = 0;
            foreach (string layer in layers.Skip(baseLayers))
            {
                files += ScanLayer(archive, layer, image, secrets);
            }

            string configText = ReadEntryText(archive, config);
            foreach (string secret in secrets)
            {
                Assert.DoesNotContain(secret, configText, $"The secret is in the image config of {image}.");
            }

            Console.WriteLine($"Scanned {files} files in {layers.Count - baseLayers} layers of {image}: no secret.");
        }
        finally
        {
            File.Delete(archive);
        }
    }

    /// <summary>Every file under a folder (a project, which holds the whole build context).</summary>
    public static void AssertNotInFolder(string folder, params string[] secrets)
    {
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            byte[] bytes = File.ReadAllBytes(file);
            foreach (string secret in secrets)
            {
                Assert.IsFalse(Contains(bytes, secret), $"The secret is in {file}.");
            }
        }
    }

    public static void AssertNotInLog(ProcessResult publish, params string[] secrets)
    {
        string binlog = ReadBinlog(publish.BinlogPath!);
        StringAssert.Contains(binlog, "BuildContainerStagesImage", "The binlog was not read.");
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(secret, publish.Output, "The secret is in the console log.");
            Assert.DoesNotContain(secret, binlog, "The secret is in the binlog.");
        }
    }

    public static string ReadBinlog(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);

        // Strings in a binlog are UTF-8; decoding lossily still finds any ASCII secret.
        return Encoding.UTF8.GetString(memory.ToArray());
    }

    private static (List<string> Layers, string Config) ReadManifest(string archive)
    {
        using var manifest = JsonDocument.Parse(ReadEntryText(archive, "manifest.json"));
        var image = manifest.RootElement[0];
        return (image.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!).ToList(), image.GetProperty("Config").GetString()!);
    }

    private static string ReadEntryText(string archive, string name)
    {
        using var file = File.OpenRead(archive);
        using var reader = new TarReader(file);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name == name && entry.DataStream is { } data)
            {
                using var text = new StreamReader(data, Encoding.UTF8);
                return text.ReadToEnd();
            }
        }

        throw new InvalidOperationException($"{name} is not in {archive}.");
    }

    private static int ScanLayer(string archive, string layer, string image, string[] secrets)
    {
        using var file = File.OpenRead(archive);
        using var reader = new TarReader(file);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name != layer || entry.DataStream is not { } data)
            {
                continue;
            }

            int files = 0;
            using var layerReader = new TarReader(data);
            while (layerReader.GetNextEntry() is { } inner)
            {
                foreach (string secret in secrets)
                {
                    Assert.DoesNotContain(secret, inner.Name, $"A file name in {image} holds the secret.");
                }

                if (inner.DataStream is not { } content)
                {
                    continue;
                }

                using var memory = new MemoryStream();
                content.CopyTo(memory);
                byte[] bytes = memory.ToArray();
                files++;
                foreach (string secret in secrets)
                {
                    Assert.IsFalse(Contains(bytes, secret), $"The file /{inner.Name} of {image} (layer {layer}) holds the secret.");
                }
            }

            return files;
        }

        throw new InvalidOperationException($"{layer} is not in {archive}.");
    }

    private static bool Contains(byte[] bytes, string secret) =>
        bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0;
}
