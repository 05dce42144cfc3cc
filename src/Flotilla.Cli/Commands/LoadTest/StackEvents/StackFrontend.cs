using System.Globalization;

namespace Flotilla.Cli.Commands.LoadTest.StackEvents;

/// <summary>
/// The URL of a stack's frontend, for <c>flotilla loadtest --stack NAME</c> without a URL. The daemon keeps no outputs
/// (apply prints them), so it comes from what the stack's balancers serve: <c>http://ADDRESS:PORT/</c> of its one TCP
/// rule, 0.0.0.0 read as 127.0.0.1. Several rules are a choice the user makes by giving the URL.
/// </summary>
internal static class StackFrontend
{
    /// <exception cref="UserInputException">No TCP rule, or more than one.</exception>
    public static string UrlOf(StackScope scope)
    {
        var urls = scope.Balancers
            .SelectMany(b => b.Spec.Rules.Where(r => r.FrontendPort is not null && (r.Protocol is null || r.Protocol.Equals("tcp", StringComparison.OrdinalIgnoreCase)))
                .Select(r => Url(b.Spec.FrontendAddress, r.FrontendPort!.Value)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return urls.Count switch
        {
            1 => urls[0],
            0 => throw new UserInputException($"--stack {scope.Stack}: its balancers have no TCP rule to load; give the URL (flotilla loadtest URL --stack {scope.Stack})"),
            _ => throw new UserInputException($"--stack {scope.Stack}: its balancers serve {string.Join(", ", urls)}; give the one to load (flotilla loadtest URL --stack {scope.Stack})"),
        };
    }

    private static string Url(string? address, int port)
    {
        var host = address is null or "" or "0.0.0.0" ? "127.0.0.1" : address;
        return string.Create(CultureInfo.InvariantCulture, $"http://{host}:{port}/");
    }
}
