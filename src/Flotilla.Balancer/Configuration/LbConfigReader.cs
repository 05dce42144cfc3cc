using System.Net;
using Flotilla.Balancer.Configuration.Routers;
using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Configuration;

/// <summary>
/// Reads and validates lb.yaml. Every problem is a <see cref="SpecException"/> naming the file,
/// line, key and problem; a config that comes out of here is safe to apply.
/// </summary>
public static class LbConfigReader
{
    public static LbConfig Load(string path) => Read(YamlSpecFile.Load(path), path);

    public static LbConfig Load(string path, out byte[] content) => Read(YamlSpecFile.Load(path, out content), path);

    public static LbConfig Parse(string yaml, string fileName = "lb.yaml") => Read(YamlSpecFile.Parse(yaml, fileName), fileName);

    private static LbConfig Read(YamlMap root, string source)
    {
        var admin = root.OptionalMap("admin") is { } a ? ReadAdmin(a) : null;
        var maxConnections = root.OptionalInt("maxConnections", 1, 100_000_000);
        var balancers = new List<BalancerConfig>();
        var names = new UniqueNames("balancer");
        var frontends = new Dictionary<(RuleProtocol, IPAddress, int), string>();
        foreach (var map in root.Maps("balancers"))
        {
            var balancer = BalancerConfigReader.Read(map);
            names.Add(map, "name", balancer.Name);
            CheckFrontendsAreUnique(map, balancer, frontends);
            balancers.Add(balancer);
        }

        var routers = ReadRouters(root, source, frontends);
        root.RejectUnknownKeys();
        if (admin is not null)
        {
            CheckAdminPortIsFree(root, admin, frontends);
        }

        return new LbConfig { Admin = admin, MaxConnections = maxConnections, Balancers = balancers, Routers = routers, Source = source };
    }

    /// <summary>
    /// Reads <c>routers:</c> and adds their listeners to <paramref name="frontends"/> (as tcp), so
    /// a router listener may share a port with neither an L4 rule, another listener, nor the admin API.
    /// </summary>
    private static List<RouterConfig> ReadRouters(YamlMap root, string source, Dictionary<(RuleProtocol, IPAddress, int), string> frontends)
    {
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(source)) ?? Directory.GetCurrentDirectory();
        var routers = new List<RouterConfig>();
        var names = new UniqueNames("router");
        foreach (var map in root.Maps("routers"))
        {
            var router = RouterConfigReader.Read(map, baseDirectory);
            names.Add(map, "name", router.Name);
            var listeners = map.Maps("listeners");
            foreach (var (address, port, index) in RouterConfigReader.Endpoints(router))
            {
                if (port == 0)
                {
                    continue;
                }

                var clash = frontends.FirstOrDefault(f => f.Key.Item1 == RuleProtocol.Tcp && f.Key.Item3 == port && Overlap(f.Key.Item2, address));
                if (clash.Value is not null)
                {
                    throw listeners[index].Error("port", $"tcp {address}:{port} is already used by {(clash.Value.StartsWith("router ", StringComparison.Ordinal) ? "" : "rule ")}{clash.Value}");
                }

                frontends[(RuleProtocol.Tcp, address, port)] = $"router {router.Name}";
            }

            routers.Add(router);
        }

        return routers;
    }

    private static bool Overlap(IPAddress a, IPAddress b) => a.Equals(b) || a.Equals(IPAddress.Any) || b.Equals(IPAddress.Any);

    private static AdminConfig ReadAdmin(YamlMap map)
    {
        var address = map.OptionalString("address") ?? "127.0.0.1";
        ParseAddress(map, "address", address);
        var port = map.Int("port", 9900, 0, 65535);
        map.RejectUnknownKeys();
        return new AdminConfig(address, port);
    }

    private static void CheckFrontendsAreUnique(YamlMap map, BalancerConfig balancer, Dictionary<(RuleProtocol, IPAddress, int), string> seen)
    {
        var address = IPAddress.Parse(balancer.FrontendAddress);
        var rules = map.Maps("rules");
        for (var i = 0; i < balancer.Rules.Count; i++)
        {
            var rule = balancer.Rules[i];
            var key = (rule.Protocol, address, rule.FrontendPort);
            var owner = $"{balancer.Name}/{rule.Name}";
            if (!seen.TryAdd(key, owner))
            {
                throw rules[i].Error("frontendPort", $"{rule.Protocol.ToString().ToLowerInvariant()} {balancer.FrontendAddress}:{rule.FrontendPort} is already used by rule {seen[key]}");
            }
        }
    }

    private static void CheckAdminPortIsFree(YamlMap root, AdminConfig admin, Dictionary<(RuleProtocol, IPAddress, int), string> frontends)
    {
        var address = IPAddress.Parse(admin.Address);
        foreach (var ((protocol, frontend, port), owner) in frontends)
        {
            if (protocol == RuleProtocol.Tcp && port == admin.Port && admin.Port != 0 &&
                (frontend.Equals(address) || frontend.Equals(IPAddress.Any) || address.Equals(IPAddress.Any)))
            {
                throw root.OptionalMap("admin")!.Error("port", $"{admin.Port} is already used by {(owner.StartsWith("router ", StringComparison.Ordinal) ? "" : "rule ")}{owner}");
            }
        }
    }

    internal static IPAddress ParseAddress(YamlMap map, string key, string text) =>
        IPAddress.TryParse(text, out var address)
            ? address
            : throw map.Error(key, $"'{text}' is not an IP address");
}
