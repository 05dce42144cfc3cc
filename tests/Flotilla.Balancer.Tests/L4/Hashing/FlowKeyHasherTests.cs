using System.Net;
using Flotilla.Balancer.Configuration;
using Flotilla.Balancer.L4.Hashing;

namespace Flotilla.Balancer.Tests.L4.Hashing;

public sealed class FlowKeyHasherTests
{
    private static readonly IPAddress Frontend = IPAddress.Parse("127.0.0.1");

    private static FlowKey Key(string source, int port, RuleProtocol protocol = RuleProtocol.Tcp) =>
        new(IPAddress.Parse(source), port, Frontend, 8080, protocol);

    [Fact]
    public void Default_distribution_hashes_the_source_port_so_fresh_connections_differ()
    {
        var hashes = Enumerable.Range(40000, 100).Select(p => FlowKeyHasher.Hash(Key("192.0.2.7", p), Distribution.Default)).ToHashSet();
        Assert.Equal(100, hashes.Count);
    }

    [Theory]
    [InlineData(Distribution.SourceIP)]
    [InlineData(Distribution.SourceIPProtocol)]
    public void Client_ip_modes_pin_a_client_whatever_its_source_port(Distribution distribution)
    {
        var hashes = Enumerable.Range(40000, 100).Select(p => FlowKeyHasher.Hash(Key("192.0.2.7", p), distribution)).ToHashSet();
        Assert.Single(hashes);
        Assert.NotEqual(FlowKeyHasher.Hash(Key("192.0.2.8", 40000), distribution), hashes.Single());
    }

    [Fact]
    public void Source_ip_ignores_the_protocol_and_source_ip_protocol_does_not()
    {
        Assert.Equal(
            FlowKeyHasher.Hash(Key("192.0.2.7", 1, RuleProtocol.Tcp), Distribution.SourceIP),
            FlowKeyHasher.Hash(Key("192.0.2.7", 2, RuleProtocol.Udp), Distribution.SourceIP));
        Assert.NotEqual(
            FlowKeyHasher.Hash(Key("192.0.2.7", 1, RuleProtocol.Tcp), Distribution.SourceIPProtocol),
            FlowKeyHasher.Hash(Key("192.0.2.7", 2, RuleProtocol.Udp), Distribution.SourceIPProtocol));
    }

    [Fact]
    public void Ipv4_mapped_ipv6_sources_hash_as_ipv4()
    {
        var mapped = FlowKey.From(new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.7"), 5000), new IPEndPoint(Frontend, 8080), RuleProtocol.Tcp);
        Assert.Equal(FlowKeyHasher.Hash(Key("192.0.2.7", 5000), Distribution.Default), FlowKeyHasher.Hash(mapped, Distribution.Default));
    }

    [Fact]
    public void Golden_vectors_pin_the_tuple_hash()
    {
        var actual = string.Join(",", FlowKeyHasher.Hash(Key("192.0.2.7", 51234), Distribution.Default),
            FlowKeyHasher.Hash(Key("192.0.2.7", 51234), Distribution.SourceIP),
            FlowKeyHasher.Hash(Key("192.0.2.7", 51234), Distribution.SourceIPProtocol));
        Assert.Equal(string.Join(",", GoldenDefault, GoldenSourceIp, GoldenSourceIpProtocol), actual);
    }

    private const ulong GoldenDefault = 2371105781540329067;
    private const ulong GoldenSourceIp = 14807332714103787014;
    private const ulong GoldenSourceIpProtocol = 14690131202088915811;
}
