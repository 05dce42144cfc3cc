using Flotilla.Balancer.L7.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Flotilla.Balancer.L7.Actions;

/// <summary>
/// Serves files from a directory with ASP.NET Core's <see cref="StaticFileMiddleware"/> (ranges,
/// ETag, If-Modified-Since, HEAD, content types), the three-tier pattern's static tier. Below a
/// <c>path.prefix</c> the rest of the path names the file; for other conditions the whole path.
/// A missing file is 404, a method other than GET or HEAD 405; nothing reaches a farm. A path
/// naming a directory serves its first default document (<c>index.html</c> unless configured),
/// after a 301 that adds the trailing slash relative links need, as ASP.NET Core's default files
/// and IIS do; a directory without one is 404. The file provider never leaves the directory.
/// </summary>
internal sealed class StaticAction : RuleAction
{
    private readonly StaticFileMiddleware _files;
    private readonly PhysicalFileProvider _provider;
    private readonly IReadOnlyList<string> _defaultDocuments;
    private readonly bool _belowPrefix;

    public StaticAction(string directory, IReadOnlyList<string> defaultDocuments, bool belowPrefix, IWebHostEnvironment environment, ILoggerFactory loggers)
    {
        _belowPrefix = belowPrefix;
        _defaultDocuments = defaultDocuments;
        _provider = new PhysicalFileProvider(directory);
        var options = new StaticFileOptions
        {
            FileProvider = _provider,
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
        };
        _files = new StaticFileMiddleware(NotFound, environment, Options.Create(options), loggers);
    }

    public override Task ExecuteAsync(HttpContext context, RuleMatch match, RequestDelegate next)
    {
        var slashed = context.Request.Path.Value?.EndsWith('/') ?? false;
        if (_belowPrefix && match.RuleGroups is [var path, var rest])
        {
            context.Request.PathBase = context.Request.PathBase.Add(new PathString(path[..^rest.Length]));
            context.Request.Path = new PathString(rest.Length == 0 ? "/" : rest);
        }

        if (DefaultDocument(context.Request.Path) is { } document)
        {
            if (!slashed)
            {
                context.Response.StatusCode = StatusCodes.Status301MovedPermanently;
                context.Response.Headers.Location = $"{context.Request.PathBase}{context.Request.Path.Value!.TrimEnd('/')}/{context.Request.QueryString}";
                return Task.CompletedTask;
            }

            context.Request.Path = document;
        }

        // The middleware stands aside when routing chose an endpoint (here YARP's catch-all).
        context.SetEndpoint(null);
        return _files.Invoke(context);
    }

    /// <summary>The default document's path when <paramref name="path"/> names a directory that has one.</summary>
    private PathString? DefaultDocument(PathString path)
    {
        if (_defaultDocuments.Count == 0 || !_provider.GetDirectoryContents(path.Value!).Exists)
        {
            return null;
        }

        var directory = path.Value!.EndsWith('/') ? path.Value : path.Value + "/";
        return _defaultDocuments.Select(d => directory + d).FirstOrDefault(d => _provider.GetFileInfo(d) is { Exists: true, IsDirectory: false }) is { } found
            ? new PathString(found)
            : null;
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? 404 : 405;
        return Task.CompletedTask;
    }
}
