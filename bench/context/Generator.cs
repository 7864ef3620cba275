using System.Text;

namespace ContextBench;

/// <summary>
/// Creates, deterministically (fixed seed, fixed order), a .NET + front-end repository of about
/// 20,000 files / 500 MB in which node_modules/, src/*/bin/, src/*/obj/ and .git/ hold almost all
/// of the bytes, and a few hundred small source files are what a build context should carry.
/// </summary>
internal sealed class Generator
{
    /// <summary>Bump when the layout changes: the cached repository is regenerated.</summary>
    public const string LayoutVersion = "v1";

    private const int Seed = 20_000_500;

    private static readonly string[] Domains =
    [
        "Orders", "Billing", "Catalog", "Identity", "Shipping", "Inventory",
        "Notifications", "Reporting", "Search", "Payments", "Pricing", "Customers",
    ];

    // Dependency assemblies copied into bin/ (name, size in bytes): the shapes of common NuGet packages.
    private static readonly (string Name, int Size)[] Dependencies =
    [
        ("Newtonsoft.Json.dll", 712_000), ("Microsoft.EntityFrameworkCore.dll", 2_610_000),
        ("Microsoft.EntityFrameworkCore.Relational.dll", 2_020_000), ("Npgsql.dll", 1_930_000),
        ("Npgsql.EntityFrameworkCore.PostgreSQL.dll", 1_140_000), ("Serilog.dll", 152_000),
        ("AutoMapper.dll", 262_000), ("FluentValidation.dll", 483_000),
        ("Swashbuckle.AspNetCore.SwaggerGen.dll", 121_000), ("Microsoft.OpenApi.dll", 301_000),
        ("Polly.dll", 452_000), ("Grpc.Net.Client.dll", 118_000), ("Google.Protobuf.dll", 421_000),
        ("Azure.Core.dll", 1_310_000), ("Azure.Storage.Blobs.dll", 2_390_000), ("MediatR.dll", 81_000),
        ("StackExchange.Redis.dll", 1_820_000), ("Dapper.dll", 243_000), ("Humanizer.dll", 362_000),
    ];

    private static readonly string[] Cultures =
        ["cs", "de", "es", "fr", "it", "ja", "ko", "pl", "pt-BR", "ru", "tr", "zh-Hans", "zh-Hant"];

    private static readonly string[] Syllables =
    [
        "ac", "al", "ar", "ba", "be", "bo", "ca", "ce", "co", "da", "de", "di", "el", "en", "fa", "fi",
        "ga", "ge", "ha", "he", "in", "is", "ja", "ka", "la", "le", "lo", "ma", "me", "mo", "na", "ne",
        "no", "pa", "pe", "po", "qu", "ra", "re", "ro", "sa", "se", "so", "ta", "te", "to", "un", "va",
        "ve", "vi", "xo", "ya", "ze", "zo",
    ];

    private static readonly string[] Scopes = ["@babel", "@types", "@jest", "@eslint", "@angular", "@vue", "@rollup", "@esbuild", "@smithy", "@aws-sdk"];

    private readonly string _root;
    private readonly Random _random = new(Seed);
    private readonly byte[] _binary = new byte[1 << 20];
    private readonly Dictionary<string, byte[]> _corpora = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Files, long Bytes)> _stats = new(StringComparer.Ordinal);
    private readonly HashSet<string> _paths = new(StringComparer.Ordinal);

    private Generator(string root) => _root = root;

    public static string CompleteMarkerPath(string repository) => repository.TrimEnd('/') + ".complete";

    /// <summary>Generates the repository unless a complete one of this layout is there.</summary>
    /// <returns>Per-area counts, or null when the cached repository was reused.</returns>
    public static IReadOnlyDictionary<string, (int Files, long Bytes)>? EnsureGenerated(string repository, TextWriter log)
    {
        string marker = CompleteMarkerPath(repository);
        if (File.Exists(marker) && Directory.Exists(repository) && File.ReadAllText(marker).Trim() == LayoutVersion)
        {
            return null;
        }

        if (Directory.Exists(repository))
        {
            log.WriteLine($"Removing incomplete or outdated {repository}");
            Directory.Delete(repository, recursive: true);
        }

        File.Delete(marker);
        log.WriteLine($"Generating the test repository in {repository} (layout {LayoutVersion}) ...");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var generator = new Generator(repository);
        generator.Generate();
        File.WriteAllText(marker, LayoutVersion + "\n");
        long files = generator._stats.Values.Sum(s => s.Files);
        long bytes = generator._stats.Values.Sum(s => s.Bytes);
        log.WriteLine($"Generated {files:N0} files, {bytes:N0} bytes in {started.Elapsed.TotalSeconds:F1} s");
        return generator._stats;
    }

    private void Generate()
    {
        Directory.CreateDirectory(_root);
        GenerateRoot();
        var projects = new List<(string Name, bool IsApi, bool Published)>();
        int apiIndex = 0;
        foreach (string domain in Domains)
        {
            // Every fourth API project was also published on the host (bin/Release/.../publish).
            projects.Add(($"Contoso.{domain}.Core", false, false));
            projects.Add(($"Contoso.{domain}.Api", true, apiIndex++ % 3 == 0));
        }

        foreach (var (name, isApi, published) in projects)
        {
            GenerateProjectSources(name, isApi);
            GenerateBuildOutput(name, isApi, published);
        }

        GenerateNodeModules();
        GenerateGit();
    }

    // ---- root files, IDE state, secrets -------------------------------------------------------------

    private void GenerateRoot()
    {
        File.WriteAllText(Path.Combine(_root, ".dockerignore"), ContainerStages.Context.DockerIgnoreDefaults.Text);
        Count("source", ContainerStages.Context.DockerIgnoreDefaults.Text.Length);
        Text("source", ".gitignore", "text", 420);
        Text("source", ".editorconfig", "text", 8_200);
        Text("source", "README.md", "text", 6_400);
        Text("source", "Dockerfile", "text", 1_900);
        Text("source", "global.json", "json", 90);
        Text("source", "Directory.Build.props", "xml", 700);
        Text("source", "Directory.Packages.props", "xml", 3_100);
        Text("source", "NuGet.config", "xml", 520);
        Text("source", "Contoso.sln", "text", 21_000);
        Text("source", "package.json", "json", 2_300);
        Text("source", "package-lock.json", "json", 460_000);
        Text("source", "tsconfig.json", "json", 700);
        for (int i = 0; i < 12; i++)
        {
            Text("source", $"docs/{Name(3)}-{i:00}.md", "text", Size(2_000, 30_000));
        }

        // Excluded by the default .dockerignore: secrets, IDE state, logs.
        Text("excluded-other", ".env", "text", 300);
        Text("excluded-other", ".env.local", "text", 180);
        Binary("excluded-other", ".vs/Contoso/v17/.suo", 210_000);
        Text("excluded-other", ".vs/Contoso/v17/DocumentLayout.json", "json", 14_000);
        Binary("excluded-other", ".vs/Contoso/FileContentIndex/4f1c2b0a-7d2e-4b7c-9a0e-2f5d3c1b9e8a.vsidx", 1_400_000);
        Text("excluded-other", ".vscode/settings.json", "json", 400);
        Text("excluded-other", ".vscode/launch.json", "json", 1_100);
        Binary("excluded-other", "msbuild.binlog", 3_100_000);
    }

    private void GenerateProjectSources(string name, bool isApi)
    {
        string dir = $"src/{name}";
        Text("source", $"{dir}/{name}.csproj", "xml", Size(600, 2_400));
        if (isApi)
        {
            Text("source", $"{dir}/Program.cs", "cs", Size(1_500, 6_000));
            Text("source", $"{dir}/appsettings.json", "json", Size(300, 1_500));
            Text("source", $"{dir}/appsettings.Development.json", "json", Size(150, 600));
            Text("source", $"{dir}/Properties/launchSettings.json", "json", Size(700, 1_400));
            foreach (string folder in new[] { "Controllers", "Models", "Services" })
            {
                int count = _random.Next(3, 7);
                for (int i = 0; i < count; i++)
                {
                    Text("source", $"{dir}/{folder}/{Pascal(2)}{folder.TrimEnd('s')}.cs", "cs", Size(800, 12_000));
                }
            }

            // A deep feature folder: paths over 100 bytes need GNU long-name records.
            string feature = $"{dir}/Features/{Pascal(2)}/Commands/Create{Pascal(2)}/Validators";
            for (int i = 0; i < 3; i++)
            {
                Text("source", $"{feature}/Create{Pascal(3)}CommandValidatorExtensions{i}.cs", "cs", Size(900, 5_000));
            }

            if (_random.Next(3) == 0)
            {
                Text("source", $"{dir}/wwwroot/css/site.css", "text", Size(800, 4_000));
                Text("source", $"{dir}/wwwroot/js/site.js", "js", Size(300, 3_000));
                Text("source", $"{dir}/wwwroot/lib/bootstrap/dist/css/bootstrap.min.css", "text", 163_000);
                Text("source", $"{dir}/wwwroot/lib/jquery/dist/jquery.min.js", "js", 89_500);
            }
        }
        else
        {
            foreach (string folder in new[] { "Entities", "Interfaces", "Extensions" })
            {
                int count = _random.Next(3, 7);
                for (int i = 0; i < count; i++)
                {
                    Text("source", $"{dir}/{folder}/{Pascal(2)}.cs", "cs", Size(500, 9_000));
                }
            }
        }

        if (_random.Next(4) == 0)
        {
            Text("excluded-other", $"{dir}/{name}.csproj.user", "xml", 540);
        }

        if (isApi && _random.Next(6) == 0)
        {
            Binary("excluded-other", $"{dir}/devcert.pfx", 2_600);
            Text("excluded-other", $"{dir}/secrets.json", "json", 320);
        }
    }

    // ---- bin/ and obj/ --------------------------------------------------------------------------------

    private void GenerateBuildOutput(string name, bool isApi, bool published)
    {
        string dir = $"src/{name}";
        var deps = PickDependencies(isApi ? _random.Next(4, 8) : _random.Next(2, 5));
        int ownDll = Size(60_000, 900_000);
        int ownPdb = Size(30_000, 400_000);
        string core = name.Replace(".Api", ".Core", StringComparison.Ordinal);

        foreach (string configuration in published ? new[] { "Debug", "Release" } : new[] { "Debug" })
        {
            string bin = $"{dir}/bin/{configuration}/net10.0";
            WriteAssemblySet("bin", bin, name, isApi, ownDll, ownPdb, core, deps);
            if (configuration == "Release")
            {
                // The host-published output a user may want to COPY as it is (scenario "publish-exception").
                string publish = $"{bin}/publish";
                WriteAssemblySet("bin-publish", publish, name, isApi, ownDll, ownPdb, core, deps);
                Text("bin-publish", $"{publish}/appsettings.json", "json", 900);
                Text("bin-publish", $"{publish}/appsettings.Development.json", "json", 300);
                Text("bin-publish", $"{publish}/web.config", "xml", 560);
            }

            string obj = $"{dir}/obj/{configuration}/net10.0";
            Binary("obj", $"{obj}/{name}.dll", ownDll);
            Binary("obj", $"{obj}/{name}.pdb", ownPdb);
            Binary("obj", $"{obj}/ref/{name}.dll", Size(8_000, 60_000));
            Binary("obj", $"{obj}/refint/{name}.dll", Size(8_000, 60_000));
            Text("obj", $"{obj}/{name}.AssemblyInfo.cs", "cs", 1_050);
            Text("obj", $"{obj}/{name}.AssemblyInfoInputs.cache", "text", 64);
            Binary("obj", $"{obj}/{name}.assets.cache", Size(40_000, 300_000));
            Binary("obj", $"{obj}/{name}.csproj.AssemblyReference.cache", Size(40_000, 400_000));
            Text("obj", $"{obj}/{name}.csproj.CoreCompileInputs.cache", "text", 64);
            Text("obj", $"{obj}/{name}.csproj.FileListAbsolute.txt", "text", Size(1_500, 9_000));
            Text("obj", $"{obj}/{name}.GeneratedMSBuildEditorConfig.editorconfig", "text", 1_300);
            Text("obj", $"{obj}/{name}.GlobalUsings.g.cs", "cs", 400);
            Text("obj", $"{obj}/{name}.sourcelink.json", "json", 180);
            if (isApi)
            {
                Binary("obj", $"{obj}/apphost", 72_800);
                Text("obj", $"{obj}/staticwebassets.build.json", "json", Size(400, 20_000));
            }
        }

        Text("obj", $"{dir}/obj/project.assets.json", "json", Size(80_000, 600_000));
        Text("obj", $"{dir}/obj/project.nuget.cache", "json", Size(2_000, 12_000));
        Text("obj", $"{dir}/obj/{name}.csproj.nuget.dgspec.json", "json", Size(10_000, 40_000));
        Text("obj", $"{dir}/obj/{name}.csproj.nuget.g.props", "xml", 1_400);
        Text("obj", $"{dir}/obj/{name}.csproj.nuget.g.targets", "xml", 600);
    }

    private void WriteAssemblySet(string area, string folder, string name, bool isApi, int ownDll, int ownPdb, string core, List<(string Name, int Size)> deps)
    {
        Binary(area, $"{folder}/{name}.dll", ownDll);
        Binary(area, $"{folder}/{name}.pdb", ownPdb);
        Text(area, $"{folder}/{name}.deps.json", "json", Size(5_000, 60_000));
        if (isApi)
        {
            Text(area, $"{folder}/{name}.runtimeconfig.json", "json", 480);
            Binary(area, $"{folder}/{core}.dll", 120_000);
            Binary(area, $"{folder}/{core}.pdb", 48_000);
        }

        foreach (var (dependency, size) in deps)
        {
            Binary(area, $"{folder}/{dependency}", size);
            if (dependency == "Humanizer.dll")
            {
                foreach (string culture in Cultures)
                {
                    Binary(area, $"{folder}/{culture}/Humanizer.resources.dll", Size(15_000, 40_000));
                }
            }
        }
    }

    private List<(string Name, int Size)> PickDependencies(int count)
    {
        var picked = new List<(string Name, int Size)>();
        while (picked.Count < count)
        {
            var candidate = Dependencies[_random.Next(Dependencies.Length)];
            if (!picked.Contains(candidate))
            {
                picked.Add(candidate);
            }
        }

        picked.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return picked;
    }

    // ---- node_modules ---------------------------------------------------------------------------------

    private void GenerateNodeModules()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var binLinks = new List<(string Name, string Target)>();
        while (names.Count < 660)
        {
            string name = _random.Next(6) == 0 ? $"{Scopes[_random.Next(Scopes.Length)]}/{Name(2)}" : Name(_random.Next(1, 4));
            names.Add(name);
        }

        foreach (string name in names.OrderBy(n => n, StringComparer.Ordinal))
        {
            GeneratePackage("node_modules", name, nested: false, binLinks);
        }

        Text("node_modules", "node_modules/.package-lock.json", "json", 455_000);
        foreach (var (name, target) in binLinks.DistinctBy(l => l.Name))
        {
            string link = Path.Combine(_root, "node_modules", ".bin", name);
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            File.CreateSymbolicLink(link, target);
            Count("node_modules", 0);
        }
    }

    private void GeneratePackage(string parent, string name, bool nested, List<(string Name, string Target)> binLinks)
    {
        string dir = $"{parent}/{name}";
        Text("node_modules", $"{dir}/package.json", "json", Size(500, 3_000));
        if (_random.Next(100) < 85)
        {
            Text("node_modules", $"{dir}/README.md", "text", Size(800, 25_000));
        }

        if (_random.Next(100) < 90)
        {
            Text("node_modules", $"{dir}/LICENSE", "text", 1_080);
        }

        if (_random.Next(100) < 30)
        {
            Text("node_modules", $"{dir}/CHANGELOG.md", "text", Size(2_000, 60_000));
        }

        Text("node_modules", $"{dir}/index.js", "js", Size(200, 4_000));
        bool typed = _random.Next(2) == 0;
        if (typed)
        {
            Text("node_modules", $"{dir}/index.d.ts", "js", Size(300, 9_000));
        }

        int libFiles = nested ? _random.Next(0, 8) : (int)Math.Min(70, -Math.Log(1 - _random.NextDouble()) * 17);
        string[] subfolders = ["lib", "lib/utils", "lib/internal", "src", "esm", "cjs"];
        for (int i = 0; i < libFiles; i++)
        {
            string folder = subfolders[Math.Min(subfolders.Length - 1, (int)(-Math.Log(1 - _random.NextDouble()) * 1.5))];
            string file = $"{dir}/{folder}/{Name(2)}{i}";
            Text("node_modules", file + ".js", "js", Size(300, 16_000));
            if (typed && _random.Next(3) == 0)
            {
                Text("node_modules", file + ".d.ts", "js", Size(200, 4_000));
            }
        }

        if (!nested && _random.Next(100) < 22)
        {
            int bundle = Size(40_000, 1_300_000);
            Text("node_modules", $"{dir}/dist/{BaseName(name)}.js", "js", bundle);
            if (_random.Next(100) < 45)
            {
                Text("node_modules", $"{dir}/dist/{BaseName(name)}.min.js", "js", bundle / 3);
            }

            Text("node_modules", $"{dir}/dist/{BaseName(name)}.js.map", "json", bundle * 6 / 5);
        }

        if (!nested && _random.Next(100) < 10)
        {
            Text("node_modules", $"{dir}/bin/cli.js", "js", Size(500, 6_000));
            binLinks.Add((BaseName(name), $"../{name}/bin/cli.js"));
        }

        if (!nested && _random.Next(100) < 9)
        {
            int count = _random.Next(1, 4);
            for (int i = 0; i < count; i++)
            {
                GeneratePackage($"{dir}/node_modules", Name(2) + "-" + Name(1), nested: true, binLinks);
            }
        }
    }

    // ---- .git -----------------------------------------------------------------------------------------

    private void GenerateGit()
    {
        Text("git", ".git/HEAD", "text", 21);
        Text("git", ".git/config", "text", 380);
        Text("git", ".git/description", "text", 73);
        Text("git", ".git/packed-refs", "text", 8_400);
        Text("git", ".git/FETCH_HEAD", "text", 2_100);
        Text("git", ".git/ORIG_HEAD", "text", 41);
        Text("git", ".git/info/exclude", "text", 240);
        Binary("git", ".git/index", 1_450_000);
        foreach (string hook in new[] { "applypatch-msg", "commit-msg", "fsmonitor-watchman", "post-update", "pre-applypatch", "pre-commit", "pre-merge-commit", "pre-push", "pre-rebase", "pre-receive", "prepare-commit-msg", "push-to-checkout", "update" })
        {
            Text("git", $".git/hooks/{hook}.sample", "text", Size(400, 5_000));
        }

        Text("git", ".git/logs/HEAD", "text", 104_000);
        for (int i = 0; i < 8; i++)
        {
            string branch = i == 0 ? "main" : $"feature/{Name(2)}-{i}";
            Text("git", $".git/refs/heads/{branch}", "text", 41);
            Text("git", $".git/logs/refs/heads/{branch}", "text", Size(200, 9_000));
        }

        for (int i = 0; i < 30; i++)
        {
            Text("git", $".git/refs/remotes/origin/{Name(2)}-{i}", "text", 41);
        }

        for (int i = 0; i < 20; i++)
        {
            Text("git", $".git/refs/tags/v1.{i}.0", "text", 41);
        }

        foreach (int size in new[] { 105_000_000, 22_000_000, 4_100_000 })
        {
            string pack = $".git/objects/pack/pack-{Hex(40)}";
            Binary("git", pack + ".pack", size);
            Binary("git", pack + ".idx", size / 48);
            Binary("git", pack + ".rev", size / 400);
        }

        Text("git", ".git/objects/info/packs", "text", 54);
        for (int i = 0; i < 1_700; i++)
        {
            Binary("git", $".git/objects/{Hex(2)}/{Hex(38)}", Size(100, 24_000));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private int Size(int min, int max) =>
        (int)Math.Exp(Math.Log(min) + (_random.NextDouble() * (Math.Log(max) - Math.Log(min))));

    private string Name(int syllables)
    {
        var name = new StringBuilder();
        for (int i = 0; i < syllables; i++)
        {
            name.Append(Syllables[_random.Next(Syllables.Length)]);
        }

        return name.ToString();
    }

    private string Pascal(int syllables)
    {
        string name = Name(syllables);
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    private string Hex(int length)
    {
        const string digits = "0123456789abcdef";
        var hex = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            hex.Append(digits[_random.Next(16)]);
        }

        return hex.ToString();
    }

    private static string BaseName(string packageName) => packageName[(packageName.LastIndexOf('/') + 1)..];

    private void Binary(string area, string relativePath, int size)
    {
        using var file = Create(relativePath);
        int left = size;
        while (left > 0)
        {
            int chunk = Math.Min(left, _binary.Length);
            _random.NextBytes(_binary.AsSpan(0, chunk));
            file.Write(_binary, 0, chunk);
            left -= chunk;
        }

        Count(area, size);
    }

    private void Text(string area, string relativePath, string flavor, int size)
    {
        byte[] corpus = Corpus(flavor);
        using var file = Create(relativePath);
        int left = size;
        while (left > 0)
        {
            int start = _random.Next(corpus.Length / 2);
            int chunk = Math.Min(left, corpus.Length - start);
            file.Write(corpus, start, chunk);
            left -= chunk;
        }

        Count(area, size);
    }

    private FileStream Create(string relativePath)
    {
        // A generated name may come up twice in one folder: the second gets a suffix, deterministically.
        string candidate = relativePath;
        for (int n = 2; !_paths.Add(candidate); n++)
        {
            string extension = Path.GetExtension(relativePath);
            candidate = $"{relativePath[..^extension.Length]}-{n}{extension}";
        }

        string path = Path.Combine(_root, candidate);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    private void Count(string area, long bytes)
    {
        _stats.TryGetValue(area, out var stat);
        _stats[area] = (stat.Files + 1, stat.Bytes + bytes);
    }

    private byte[] Corpus(string flavor)
    {
        if (_corpora.TryGetValue(flavor, out byte[]? corpus))
        {
            return corpus;
        }

        // A fixed 1 MB of text of the flavour; files are slices of it at random offsets.
        var text = new StringBuilder(1 << 20);
        // string.GetHashCode is randomised per process: a stable seed keeps the bytes reproducible.
        var random = new Random(flavor.Aggregate(Seed, (hash, c) => (hash * 31) + c));
        var words = Enumerable.Range(0, 400).Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Syllables[random.Next(Syllables.Length)]))).ToArray();
        string Word() => words[random.Next(words.Length)];
        while (text.Length < (1 << 20))
        {
            text.Append(flavor switch
            {
                "cs" => $"    public {Word()} {char.ToUpperInvariant(Word()[0])}{Word()}({Word()} {Word()}) => {Word()}.{Word()}({random.Next(1000)});\n",
                "js" => $"function {Word()}({Word()}, {Word()}) {{ return {Word()}.{Word()}({random.Next(1000)}) || {Word()}; }}\n",
                "json" => $"  \"{Word()}/{Word()}\": {{ \"version\": \"{random.Next(9)}.{random.Next(30)}.{random.Next(20)}\", \"{Word()}\": \"{Word()}\" }},\n",
                "xml" => $"  <{Word()} Include=\"{Word()}.{Word()}\" Version=\"{random.Next(9)}.{random.Next(30)}.{random.Next(20)}\" />\n",
                _ => $"{Word()} {Word()} {Word()} {Word()}, {Word()} {Word()} {Word()}.\n",
            });
        }

        corpus = Encoding.UTF8.GetBytes(text.ToString());
        _corpora[flavor] = corpus;
        return corpus;
    }
}
