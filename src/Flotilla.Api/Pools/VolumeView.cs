namespace Flotilla.Api.Pools;

/// <summary>A VM's disk in a pool: its file, what the guest sees against what the host has given it, and its backing file (a linked clone's base).</summary>
public sealed record VolumeView(string Vm, string File, long VirtualBytes, long AllocatedBytes, string? BackingFile);
