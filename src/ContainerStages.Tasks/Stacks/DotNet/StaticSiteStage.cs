using System.Text;
using ContainerStages.Dockerfile;

namespace ContainerStages.Stacks.DotNet;

/// <summary>
/// The runtime of a standalone Blazor WebAssembly app: its published <c>wwwroot</c> is a static
/// site, so the image is a small non-root web server with those files, not the ASP.NET runtime.
/// The server's configuration is written by a RUN of the runtime stage (the Dockerfile frontend built
/// into older engines has no here-documents), as root, before the image's own user takes over.
/// </summary>
internal static class StaticSiteStage
{
    /// <summary>
    /// The default web server: nginx's own unprivileged image (uid 101, listens on 8080, about
    /// 50 MB on Alpine), on its stable line. The same server block works on its Debian flavour.
    /// </summary>
    public const string DefaultImage = "nginxinc/nginx-unprivileged:stable-alpine";

    public static readonly ContainerPort Port = new(8080, "tcp");

    /// <summary>The unprivileged nginx images' user.</summary>
    public const string DefaultUser = "101";

    private const string ConfigFile = "/etc/nginx/conf.d/default.conf";
    public const string SiteRoot = "/usr/share/nginx/html";

    // try_files: a deep link (/counter) is a client-side route, answered with index.html (the SPA
    // fallback); a missing file with an extension is still a 404. default_type for .wasm in case
    // the image's mime.types predates it: WebAssembly.instantiateStreaming refuses any other type.
    private static readonly string[] ServerBlock =
    [
        "server {",
        $"    listen {Port.Number};",
        "    server_name _;",
        $"    root {SiteRoot};",
        "    location / {",
        "        try_files $uri $uri/ /index.html;",
        "    }",
        "    location ~* \\.wasm$ {",
        "        default_type application/wasm;",
        "        try_files $uri =404;",
        "    }",
        "}",
    ];

    /// <summary>The folder of the published app that holds the site.</summary>
    public const string SiteFolder = "wwwroot";

    /// <summary>
    /// Lines of the runtime base stage, as root: the server block over the image's default one. The
    /// site's files come after it, from whichever stage holds the published app; here rather than in
    /// an SDK stage, so that an image taking the host's publish output runs no SDK stage at all.
    /// </summary>
    public static void WriteServerConfiguration(StringBuilder text)
    {
        string lines = string.Join(' ', ServerBlock.Select(l => "'" + l + "'"));
        text.Append("# The web server's site: SPA fallback to index.html, application/wasm for .wasm.\n");
        text.Append($"RUN printf '%s\\n' {lines} > {ConfigFile}\n");
    }
}
