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
/// A missing file is 404, a method other than GET or HEAD 405; nothing reaches a farm.
/// </summary>
internal sealed class StaticAction : RuleAction
{
    private readonly StaticFileMiddleware _files;
    private readonly bool _belowPrefix;

    public StaticAction(string directory, bool belowPrefix, IWebHostEnvironment environment, ILoggerFactory loggers)
    {
        _belowPrefix = belowPrefix;
        var options = new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(directory),
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
        };
        _files = new StaticFileMiddleware(NotFound, environment, Options.Create(options), loggers);
    }

    public override Task ExecuteAsync(HttpContext context, RuleMatch match, RequestDelegate next)
    {
        if (_belowPrefix && match.RuleGroups is [var path, var rest])
        {
            context.Request.PathBase = context.Request.PathBase.Add(new PathString(path[..^rest.Length]));
            context.Request.Path = new PathString(rest.Length == 0 ? "/" : rest);
        }

        // The middleware stands aside when routing chose an endpoint (here YARP's catch-all).
        context.SetEndpoint(null);
        return _files.Invoke(context);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) ? 404 : 405;
        return Task.CompletedTask;
    }
}
