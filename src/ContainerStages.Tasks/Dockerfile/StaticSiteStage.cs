using System.Text;

namespace ContainerStages.Dockerfile;

/// <summary>
/// The runtime of a standalone Blazor WebAssembly app: its published <c>wwwroot</c> is a static
/// site, so the image is a small non-root web server with those files, not the ASP.NET runtime.
/// The server's configuration is written by the publish stage (which has a shell, and the
/// Dockerfile frontend built into older engines has no here-documents) and copied in.
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

    private const string ConfigDirectory = "/containerstages/site";
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

    /// <summary>Lines of the publish stage: the server block, written where the runtime stage copies it from.</summary>
    public static void WriteConfig(StringBuilder text)
    {
        string lines = string.Join(' ', ServerBlock.Select(l => "'" + l + "'"));
        text.Append("# The web server's site: SPA fallback to index.html, application/wasm for .wasm.\n");
        text.Append($"RUN mkdir -p {ConfigDirectory} && printf '%s\\n' {lines} > {ConfigDirectory}/default.conf\n");
    }

    /// <summary>The runtime stage's copies: the server block over the image's default one, then the site.</summary>
    public static void WriteCopies(StringBuilder text, string publishStage, string publishDirectory)
    {
        text.Append($"COPY --from={publishStage} {ConfigDirectory}/default.conf /etc/nginx/conf.d/default.conf\n");
        text.Append($"COPY --from={publishStage} {publishDirectory}/wwwroot {SiteRoot}\n");
    }
}
