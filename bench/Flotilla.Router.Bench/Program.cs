// Bare YARP: one catch-all route to one cluster of one destination, nothing else. The yardstick
// for flotilla-lb's router in bench/l7-proxy.sh; hosted as the router hosts itself
// (L7/Serving/RouterServer.cs: slim builder, no logging providers, no Server header).
//
//   dotnet artifacts/bin/Flotilla.Router.Bench/release/Flotilla.Router.Bench.dll LISTEN_PORT BACKEND_URL
using System.Globalization;
using System.Net;
using Yarp.ReverseProxy.Configuration;

if (args is not [var portText, var backend] || !int.TryParse(portText, CultureInfo.InvariantCulture, out var port))
{
    Console.Error.WriteLine("usage: Flotilla.Router.Bench LISTEN_PORT BACKEND_URL (e.g. 18702 http://127.0.0.1:18701/)");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseKestrel(k =>
{
    k.AddServerHeader = false;
    k.Listen(IPAddress.Loopback, port);
});
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "backend", Match = new RouteMatch { Path = "/{**catch-all}" } }],
    [new ClusterConfig { ClusterId = "backend", Destinations = new Dictionary<string, DestinationConfig> { ["nginx"] = new() { Address = backend } } }]);
var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
return 0;
