using System.Buffers.Binary;
using Flotilla.Balancer.Configuration;

namespace Flotilla.Balancer.L4.Hashing;

/// <summary>
/// Hashes the part of a flow's tuple that its rule's distribution mode keeps: all five fields
/// (Default), source and destination address (SourceIP), or those plus protocol
/// (SourceIPProtocol). Fields are written in a fixed byte layout, so the hash is stable.
/// </summary>
public static class FlowKeyHasher
{
    public static ulong Hash(in FlowKey key, Distribution distribution)
    {
        // 16 + 16 bytes of addresses, 2 + 2 of ports, 1 of protocol.
        Span<byte> buffer = stackalloc byte[40];
        var length = WriteAddress(key.SourceAddress, buffer);
        length += WriteAddress(key.DestinationAddress, buffer[length..]);
        if (distribution != Distribution.SourceIP)
        {
            buffer[length++] = key.Protocol == RuleProtocol.Tcp ? (byte)6 : (byte)17;
        }

        if (distribution == Distribution.Default)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer[length..], (ushort)key.SourcePort);
            BinaryPrimitives.WriteUInt16BigEndian(buffer[(length + 2)..], (ushort)key.DestinationPort);
            length += 4;
        }

        return StableHash.Hash(buffer[..length], StableHash.FlowSeed);
    }

    private static int WriteAddress(System.Net.IPAddress address, Span<byte> destination) =>
        address.TryWriteBytes(destination, out var written) ? written : throw new ArgumentException("address does not fit", nameof(address));
}
