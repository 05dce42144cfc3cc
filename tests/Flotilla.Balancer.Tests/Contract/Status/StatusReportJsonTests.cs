using System.Text.Json;
using Flotilla.Balancer.Contract.Status;
using Flotilla.Testing;

namespace Flotilla.Balancer.Tests.Contract.Status;

/// <summary>
/// Issue 15 §2: /status is one contract, written by flotilla-lb and read by flotillad. status.json is what
/// flotilla-lb wrote before the records moved (its rules, listeners and routers, trimmed, with a draining member
/// added); the contract must write those bytes and read them back unchanged.
/// </summary>
public sealed class StatusReportJsonTests
{
    // What flotilla-lb's admin API writes with (ASP.NET Core's web defaults, indented) and flotillad reads with.
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private static string Golden() =>
        File.ReadAllText(Path.Combine(Repository.Root(), "tests", "Flotilla.Balancer.Tests", "Contract", "Status", "status.json")).TrimEnd();

    [Fact]
    public void Records_are_written_as_the_document_always_was()
    {
        var report = new StatusReport
        {
            Config = "/tmp/lbc/status.yaml",
            MaxConnections = 9744,
            TcpFlows = 1,
            Rules =
            [
                new RuleStatus
                {
                    Balancer = "web", Name = "http", Protocol = "tcp", Frontend = "127.0.0.1:19932", Distribution = "Default",
                    Members =
                    [
                        new MemberStatus { Address = "127.0.0.1:19941", Weight = 1, Health = "unhealthy", LastProbeFailure = "connect: ConnectionRefused" },
                        new MemberStatus
                        {
                            Address = "10.0.1.4:80", Weight = 2, Health = "draining", ActiveFlows = 3, FlowsTotal = 12, NewFlowsPerSecond = 2.5,
                            BytesIn = 100, BytesOut = 2000, ConnectFailures = 1, ProbeLatencyMs = 1.25,
                            LastProbeSuccess = new DateTimeOffset(2026, 12, 7, 16, 45, 12, 732, TimeSpan.Zero), Namespace = "flotilla-a1-net",
                        },
                    ],
                    Live = false,
                    BindError = "address already in use",
                },
            ],
            ConfigSha256 = "cc9891dec847d6c7b8b3925c151728a7ad8b3b52e129bd3dc12f5cb30bedcc83",
            Reloads = 2,
            RejectedReloads = 1,
            LastRejection = "lb.yaml:3:5: balancers[0].name: is required",
            Listeners =
            [
                new ListenerStatus { Frontend = "tcp 127.0.0.1:19932", Balancer = "web", Rule = "http", Live = true },
                new ListenerStatus { Frontend = "tcp 127.0.0.1:19934", Router = "front", Live = true },
            ],
            Routers =
            [
                new RouterStatus
                {
                    Name = "front", Listeners = ["http://127.0.0.1:19934"], Rules = ["all", "files"],
                    Farms =
                    [
                        new FarmStatus
                        {
                            Name = "app", LoadBalancing = "RoundRobin",
                            Members = [new DestinationStatus { Member = "127.0.0.1:19943", Address = "http://127.0.0.1:19943/", Active = "unknown", Passive = "unknown", InRotation = true }],
                        },
                    ],
                },
            ],
        };

        Assert.Equal(Golden(), JsonSerializer.Serialize(report, Web));
    }

    [Fact]
    public void The_document_reads_back_to_the_same_bytes()
    {
        var read = JsonSerializer.Deserialize<StatusReport>(Golden(), Web)!;

        Assert.Equal(Golden(), JsonSerializer.Serialize(read, Web));
        Assert.Equal("flotilla-a1-net", read.Rules[0].Members[1].Namespace);
    }

    [Fact]
    public void A_document_from_before_listeners_were_reported_counts_its_rules_bound()
    {
        var read = JsonSerializer.Deserialize<StatusReport>("""{"rules":[{"balancer":"web","name":"http","members":[]}]}""", Web)!;

        Assert.True(Assert.Single(read.Rules).Live);
        Assert.Empty(read.Listeners);
        Assert.Empty(read.Routers);
    }
}
