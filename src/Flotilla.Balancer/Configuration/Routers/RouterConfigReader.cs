using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Flotilla.Balancer.L7.Rules;
using Flotilla.Core.Specs;

namespace Flotilla.Balancer.Configuration.Routers;

/// <summary>
/// Reads one item of <c>routers:</c>. Farms are read before rules so a rule's <c>forward</c>
/// can be checked; certificate files are opened here so a missing or unreadable one is a config
/// error with its line, not a failure at the first handshake. Relative paths are taken from the
/// config file's directory.
/// </summary>
internal static class RouterConfigReader
{
    public static RouterConfig Read(YamlMap map, string baseDirectory)
    {
        var name = map.RequiredString("name");
        var farms = new List<FarmConfig>();
        var farmNames = new UniqueNames("farm");
        foreach (var item in map.Maps("farms"))
        {
            var farm = FarmConfigReader.Read(item);
            farmNames.Add(item, "name", farm.Name);
            farms.Add(farm);
        }

        var rules = new List<RouterRuleConfig>();
        var ruleNames = new UniqueNames("rule");
        foreach (var item in map.Maps("rules"))
        {
            var rule = RouterRuleReader.Read(item, farms, baseDirectory);
            ruleNames.Add(item, "name", rule.Name);
            rules.Add(rule);
        }

        var listeners = map.Maps("listeners").Select(l => ReadListener(l, baseDirectory)).ToList();
        if (listeners.Count == 0)
        {
            throw map.Error("listeners", $"router '{name}' needs at least one listener");
        }

        var store = map.OptionalString("affinityStore") is { } s ? Path.GetFullPath(s, baseDirectory) : $"/run/flotilla-lb/{name}.affinity.sqlite";
        map.RejectUnknownKeys();
        return new RouterConfig { Name = name, Listeners = listeners, Rules = rules, Farms = farms, AffinityStore = store };
    }

    private static RouterListenerConfig ReadListener(YamlMap map, string baseDirectory)
    {
        var address = map.OptionalString("address") ?? "0.0.0.0";
        var ip = LbConfigReader.ParseAddress(map, "address", address);
        var port = map.OptionalInt("port", 0, 65535) ?? throw map.Error("port", "is required");
        var tls = map.OptionalMap("tls") is { } t ? ReadTls(t, baseDirectory) : null;
        map.RejectUnknownKeys();
        return new RouterListenerConfig { Address = ip.ToString(), Port = port, Tls = tls };
    }

    private static RouterTlsConfig ReadTls(YamlMap map, string baseDirectory)
    {
        var certificates = new List<CertificateConfig>();
        foreach (var item in map.Maps("certificates"))
        {
            var hosts = MatchConfigReader.Texts(item, "hosts", (v, text) => HostPattern.IsValid(text) ? text : throw v.Error($"'{text}' is not a host name or *.domain wildcard"));
            var cert = Path.GetFullPath(item.RequiredString("cert"), baseDirectory);
            var key = Path.GetFullPath(item.RequiredString("key"), baseDirectory);
            CheckReadable(item, "cert", cert);
            CheckReadable(item, "key", key);
            try
            {
                using var loaded = X509Certificate2.CreateFromPemFile(cert, key);
                if (!loaded.HasPrivateKey)
                {
                    throw item.Error("key", $"{key} holds no private key for {cert}");
                }
            }
            catch (CryptographicException e)
            {
                throw item.Error("cert", $"{cert} with {key} is not a PEM certificate and its matching key: {e.Message}");
            }

            item.RejectUnknownKeys();
            certificates.Add(new CertificateConfig { Hosts = hosts, CertPath = cert, KeyPath = key });
        }

        if (certificates.Count == 0)
        {
            throw map.Error("certificates", "a TLS listener needs at least one certificate");
        }

        map.RejectUnknownKeys();
        return new RouterTlsConfig { Certificates = certificates };
    }

    private static void CheckReadable(YamlMap map, string key, string path)
    {
        try
        {
            using var _ = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw map.Error(key, $"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>Listener endpoints, for the port checks against L4 rules and the admin API.</summary>
    public static IEnumerable<(IPAddress Address, int Port, int Index)> Endpoints(RouterConfig router) =>
        router.Listeners.Select((l, i) => (IPAddress.Parse(l.Address), l.Port, i));
}
