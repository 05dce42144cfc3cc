using System.Text.Json;
using System.Text.Json.Nodes;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.Contract.Config;
using Flotilla.Testing;

namespace Flotilla.Balancer.Tests.Contract.Config;

/// <summary>
/// Issue 15 §2: flotilla-lb's config file is one contract with one serializer. lb.yaml is the golden file: read into
/// the records and written again it is the same bytes; records written and read again are the same records; and
/// flotilla-lb's own reader takes what the serializer writes.
/// </summary>
public sealed class LbConfigYamlTests
{
    private const string Comment = "The golden config file of LbConfigYamlTests: every key the records hold, in the form LbConfigYaml writes.";

    private static string Golden() =>
        File.ReadAllText(Path.Combine(Repository.Root(), "tests", "Flotilla.Balancer.Tests", "Contract", "Config", "lb.yaml"));

    // Records hold lists, which compare by reference: compare their JSON instead (a router's keys are not in its own).
    private static string Shape(LbConfigFile file) => JsonSerializer.Serialize(file) + string.Concat(file.Routers.Select(r => r.Keys.ToJsonString()));

    [Fact]
    public void The_golden_file_read_into_records_writes_back_byte_for_byte()
    {
        var file = LbConfigYaml.Read(Golden());

        Assert.Equal(Golden(), LbConfigYaml.Write(file, Comment));
        Assert.Equal(9901, file.Admin!.Port);
        Assert.Equal(["web", "empty"], file.Balancers.Select(b => b.Name));
        Assert.Equal("/proc/self/ns/net", file.Balancers[0].BackendPools[0].Namespace);
        Assert.Null(file.Balancers[0].BackendPools[0].Members[1].Port);
        Assert.Equal(true, file.Balancers[0].Rules[0].EnableTcpReset);
        Assert.Equal("app", file.Routers.Single().Keys["rules"]![0]!["forward"]!.GetValue<string>());
    }

    [Fact]
    public void Records_written_and_read_back_are_the_same_records()
    {
        var records = new LbConfigFile
        {
            Admin = new AdminEntry { Port = 0 },
            Balancers =
            [
                new BalancerEntry
                {
                    Name = "a: b # not a comment", FrontendAddress = "0.0.0.0",
                    BackendPools = [new PoolEntry { Name = "-p", Members = [new MemberEntry { Address = "::1", Weight = 1000 }] }],
                    Rules = [new RuleEntry { Name = "r", FrontendPort = 1, BackendPool = "-p", SendProxyProtocol = true }],
                },
            ],
            Routers = [new RouterEntry { Name = "front", Keys = new JsonObject { ["listeners"] = new JsonArray(new JsonObject { ["port"] = 0 }), ["note"] = "true" } }],
        };

        var text = LbConfigYaml.Write(records);

        Assert.Equal(Shape(records), Shape(LbConfigYaml.Read(text)));
        Assert.Equal(Shape(records with { Routers = [] }), Shape(LbConfigYaml.Read(LbConfigYaml.Write(records with { Routers = [] }))));
        Assert.DoesNotContain("routers", LbConfigYaml.Write(records with { Routers = [] }), StringComparison.Ordinal);
    }

    [Fact]
    public void What_the_serializer_writes_is_what_flotilla_lbs_reader_reads()
    {
        var config = LbConfigReader.Parse(LbConfigYaml.Write(LbConfigYaml.Read(Golden())));

        Assert.Equal(5000, config.MaxConnections);
        var web = config.Balancers[0];
        Assert.Equal((ProbeProtocol.Http, 204, 3), (web.Probes[0].Protocol, web.Probes[0].ExpectedStatus, web.Probes[0].UnhealthyThreshold));
        Assert.Equal((Distribution.SourceIP, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30)), (web.Rules[0].Distribution, web.Rules[0].IdleTimeout, web.Rules[0].DrainTimeout));
        Assert.Equal((RuleProtocol.Udp, 18053, TimeSpan.FromSeconds(30)), (web.Rules[1].Protocol, web.Rules[1].BackendPort, web.Rules[1].IdleTimeout));
        Assert.Equal("front", Assert.Single(config.Routers).Name);
    }

    [Fact]
    public void A_file_not_in_the_shape_is_refused_in_one_line_saying_where()
    {
        var unknown = Assert.Throws<FormatException>(() => LbConfigYaml.Read("balancers:\n  - name: web\n    rulez: []\n"));
        Assert.Contains("rulez", unknown.Message, StringComparison.Ordinal);

        var twice = Assert.Throws<FormatException>(() => LbConfigYaml.Read("balancers: []\nbalancers: []\n"));
        Assert.StartsWith("2:1: ", twice.Message, StringComparison.Ordinal);
        Assert.Contains("balancers", twice.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', twice.Message);
    }
}
