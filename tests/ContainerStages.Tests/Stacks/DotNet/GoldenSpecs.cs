using ContainerStages.Dockerfile;
using ContainerStages.Stacks.DotNet;

namespace ContainerStages.Tests.Stacks.DotNet;

/// <summary>The specs behind the golden Dockerfiles, each a typical project shape.</summary>
internal static class GoldenSpecs
{
    public const string Sdk10 = "mcr.microsoft.com/dotnet/sdk:10.0";
    public const string AspNet10 = "mcr.microsoft.com/dotnet/aspnet:10.0";
    public const string Runtime10 = "mcr.microsoft.com/dotnet/runtime:10.0";

    /// <summary>A web API in src/App with the default images and nothing else set (the planner exposes 8080 for web projects).</summary>
    public static DotNetDockerfileSpec WebApi => new()
    {
        ProjectPath = "src/App/App.csproj",
        EntryAssemblyFileName = "App.dll",
        SdkImage = Sdk10,
        BaseImage = AspNet10,
        Configuration = "Release",
        RestoreInputFiles = ["src/App/App.csproj"],
        WorkingDirectory = "/app",
        Image = new ImageSettings { Ports = [new ContainerPort(8080, "tcp")] },
        BuildDescriptionFiles = ["src/App/Dockerfile", ".dockerignore"],
        CompilesOneProject = true,
    };

    /// <summary>The README's example: a web API at src/Hello.Api with the generated labels of a project outside git.</summary>
    public static DotNetDockerfileSpec Readme => WebApi with
    {
        ProjectPath = "src/Hello.Api/Hello.Api.csproj",
        EntryAssemblyFileName = "Hello.Api.dll",
        RestoreInputFiles = ["src/Hello.Api/Hello.Api.csproj"],
        BuildDescriptionFiles = ["src/Hello.Api/Dockerfile", ".dockerignore"],
        Image = WebApi.Image with
        {
            Labels = [KeyValuePair.Create("org.opencontainers.image.version", "1.0.0"), KeyValuePair.Create("org.opencontainers.image.title", "Hello.Api")],
            BuildArgumentLabels = [new BuildArgumentLabel("org.opencontainers.image.created", "CONTAINERSTAGES_IMAGE_CREATED")],
        },
    };

    /// <summary>A web app whose test project the 'test' stage runs before the image may exist.</summary>
    public static DotNetDockerfileSpec WithTests => WebApi with
    {
        RestoreInputFiles = ["src/App/App.csproj", "tests/App.Tests/App.Tests.csproj"],
        TestProjects = ["tests/App.Tests/App.Tests.csproj"],
        // App.Tests references App: one chain.
        SingleBuildNode = true,
        CompilesOneProject = false,
    };

    /// <summary>A self-contained console app for linux-x64, started from its native launcher on runtime-deps.</summary>
    public static DotNetDockerfileSpec SelfContained => ConsoleApp with
    {
        BaseImage = "mcr.microsoft.com/dotnet/runtime-deps:10.0",
        AppHostFileName = "ConsoleApp",
        RuntimeIdentifier = "linux-x64",
        DeploymentProperties = ["SelfContained=true", "PublishSingleFile=true"],
    };

    /// <summary>A Native AOT console app: built on the AOT SDK image, its native binary started on chiseled runtime-deps.</summary>
    public static DotNetDockerfileSpec NativeAot => ConsoleApp with
    {
        SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0-noble-aot",
        BaseImage = "mcr.microsoft.com/dotnet/runtime-deps:10.0-noble-chiseled",
        AppHostFileName = "ConsoleApp",
        DeploymentProperties = ["PublishAot=true"],
    };

    /// <summary>A web app with ContainerFamily=alpine: built for musl on the alpine SDK, for TARGETARCH.</summary>
    public static DotNetDockerfileSpec Alpine => WebApi with
    {
        SdkImage = "mcr.microsoft.com/dotnet/sdk:10.0-alpine",
        BaseImage = "mcr.microsoft.com/dotnet/aspnet:10.0-alpine",
        TargetOs = "linux-musl",
    };

    /// <summary>A web app in a git repository with the generated OCI labels: project ones written, per-build ones as arguments.</summary>
    public static DotNetDockerfileSpec Labeled => WebApi with
    {
        Image = WebApi.Image with
        {
            Labels =
            [
                KeyValuePair.Create("org.opencontainers.image.version", "1.2.3"),
                KeyValuePair.Create("org.opencontainers.image.title", "App"),
                KeyValuePair.Create("org.opencontainers.image.description", "An app that says \"hi\" for $5"),
            ],
            BuildArgumentLabels =
            [
                new BuildArgumentLabel("org.opencontainers.image.created", "CONTAINERSTAGES_IMAGE_CREATED"),
                new BuildArgumentLabel("org.opencontainers.image.source", "CONTAINERSTAGES_IMAGE_SOURCE"),
                new BuildArgumentLabel("org.opencontainers.image.revision", "CONTAINERSTAGES_IMAGE_REVISION"),
            ],
        },
    };

    /// <summary>A console app whose project file is in the context root.</summary>
    public static DotNetDockerfileSpec ConsoleApp => new()
    {
        ProjectPath = "ConsoleApp.csproj",
        EntryAssemblyFileName = "ConsoleApp.dll",
        SdkImage = Sdk10,
        BaseImage = Runtime10,
        Configuration = "Release",
        RestoreInputFiles = ["ConsoleApp.csproj"],
        WorkingDirectory = "/app",
        CompilesOneProject = true,
    };

    /// <summary>An app with a referenced library, the repository-wide build files and a local feed.</summary>
    public static DotNetDockerfileSpec Solution => new()
    {
        ProjectPath = "src/App/App.csproj",
        EntryAssemblyFileName = "App.dll",
        SdkImage = Sdk10,
        BaseImage = AspNet10,
        Configuration = "Release",
        // Deliberately unsorted: the writer must order them itself.
        RestoreInputFiles = ["src/Lib/Lib.csproj", "global.json", "src/App/App.csproj", "NuGet.config", "Directory.Packages.props", "Directory.Build.props"],
        LocalPackageFeeds = ["feed"],
        WorkingDirectory = "/app",
        Image = new ImageSettings { Ports = [new ContainerPort(8080, "tcp")] },
        // App references Lib: one chain, as the planner finds it.
        SingleBuildNode = true,
    };

    /// <summary>Ports, environment variables, labels, a user and a working directory of the user's choice.</summary>
    public static DotNetDockerfileSpec RuntimeMetadata => new()
    {
        ProjectPath = "src/Api/Api.csproj",
        EntryAssemblyFileName = "Api.dll",
        SdkImage = Sdk10,
        BaseImage = AspNet10,
        Configuration = "Release",
        RestoreInputFiles = ["src/Api/Api.csproj"],
        WorkingDirectory = "/srv/api",
        User = "1000:1000",
        Image = new ImageSettings
        {
            Ports = [new ContainerPort(8080, "tcp"), new ContainerPort(5353, "udp")],
            EnvironmentVariables =
            [
                KeyValuePair.Create("ASPNETCORE_URLS", "http://+:8080"),
                KeyValuePair.Create("GREETING", "Say \"hi\" to $HOME, C:\\temp and 'friends'"),
            ],
            Labels =
            [
                KeyValuePair.Create("org.opencontainers.image.title", "Api"),
                KeyValuePair.Create("org.opencontainers.image.description", "Costs $5 \"a month\""),
            ],
        },
    };

    /// <summary>A multi-targeted project published for one framework, in Debug, on .NET 8 images.</summary>
    public static DotNetDockerfileSpec MultiTargeted => new()
    {
        ProjectPath = "src/Worker/Worker.csproj",
        EntryAssemblyFileName = "Worker.dll",
        SdkImage = "mcr.microsoft.com/dotnet/sdk:8.0",
        BaseImage = "mcr.microsoft.com/dotnet/runtime:8.0",
        Configuration = "Debug",
        TargetFramework = "net8.0",
        RestoreInputFiles = ["src/Worker/Worker.csproj", "Directory.Build.props"],
        WorkingDirectory = "/app",
    };

    /// <summary>Folder and file names a shell or the Dockerfile lexer would misread if they were not escaped.</summary>
    public static DotNetDockerfileSpec SpecialPaths => new()
    {
        ProjectPath = "src/My App/Tom's $App.csproj",
        EntryAssemblyFileName = "Tom's $App.dll",
        SdkImage = Sdk10,
        BaseImage = AspNet10,
        Configuration = "Release",
        RestoreInputFiles = ["src/My App/Tom's $App.csproj", "src/Lib \"quoted\"/Lib.csproj"],
        LocalPackageFeeds = ["packages/local feed"],
        WorkingDirectory = "/app",
    };

    /// <summary>A web app on the default Debian/Ubuntu base with OS packages, writable folders and an exec-form health check.</summary>
    public static DotNetDockerfileSpec RuntimeShape => WebApi with
    {
        OsPackages = ["curl", "fonts-dejavu-core", "tzdata"],
        OsPackageManager = OsPackageManager.Apt,
        WritablePaths = ["/app/data", "/var/cache/app data"],
        HealthCheck = new HealthCheck { ExecCommand = ["/app/App", "--health"], Interval = "30s", Timeout = "5s", StartPeriod = "10s", Retries = 3 },
    };

    /// <summary>An Alpine console app with its own command, fixed and default arguments and a shell health check.</summary>
    public static DotNetDockerfileSpec AppCommand => ConsoleApp with
    {
        BaseImage = "mcr.microsoft.com/dotnet/runtime:10.0-alpine",
        OsPackages = ["icu-libs"],
        OsPackageManager = OsPackageManager.Apk,
        User = "1000",
        WritablePaths = ["/app/logs"],
        AppCommand = ["dotnet", "ConsoleApp.dll"],
        AppCommandArgs = ["--mode", "worker"],
        DefaultArgs = ["--verbose"],
        HealthCheck = new HealthCheck { ShellCommand = "test -f /tmp/healthy || exit 1" },
    };

    /// <summary>A base whose name does not say its package manager, and DefaultArgs as the app command's place.</summary>
    public static DotNetDockerfileSpec UnknownBase => ConsoleApp with
    {
        BaseImage = "registry.example/team/base:2",
        OsPackages = ["libgdiplus"],
        OsPackageManager = OsPackageManager.Detect,
        AppCommandInstruction = AppCommandInstruction.DefaultArgs,
        DefaultArgs = ["--once"],
        HealthCheck = new HealthCheck { Disabled = true },
    };

    /// <summary>A standalone Blazor WebAssembly app: its published wwwroot served by the unprivileged nginx image.</summary>
    public static DotNetDockerfileSpec BlazorWasm => WebApi with
    {
        ProjectPath = "src/Client/Client.csproj",
        EntryAssemblyFileName = "Client.dll",
        BaseImage = StaticSiteStage.DefaultImage,
        RestoreInputFiles = ["src/Client/Client.csproj"],
        StaticSite = true,
    };

    /// <summary>A web app whose library's tests run on Microsoft.Testing.Platform (global.json's test runner).</summary>
    public static DotNetDockerfileSpec TestingPlatform => WebApi with
    {
        RestoreInputFiles = ["src/App/App.csproj", "src/Domain/Domain.csproj", "tests/Domain.Tests/Domain.Tests.csproj"],
        TestProjects = ["tests/Domain.Tests/Domain.Tests.csproj"],
        TestsOnTestingPlatform = true,
    };

    public static IEnumerable<(string Name, DotNetDockerfileSpec Spec)> All =>
    [
        ("WebApi", WebApi),
        ("ConsoleApp", ConsoleApp),
        ("Solution", Solution),
        ("RuntimeMetadata", RuntimeMetadata),
        ("MultiTargeted", MultiTargeted),
        ("SpecialPaths", SpecialPaths),
        ("WithTests", WithTests),
        ("SelfContained", SelfContained),
        ("NativeAot", NativeAot),
        ("Alpine", Alpine),
        ("Labeled", Labeled),
        ("RuntimeShape", RuntimeShape),
        ("AppCommand", AppCommand),
        ("UnknownBase", UnknownBase),
        ("BlazorWasm", BlazorWasm),
        ("TestingPlatform", TestingPlatform),
    ];
}
