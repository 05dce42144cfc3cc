using System.Runtime.InteropServices;

namespace Flotilla.Balancer.L4.Tcp.Epoll;

/// <summary>struct epoll_event; packed (12 bytes) on x86-64, which is why the engine is x86-64 only.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct EpollEvent
{
    public uint Events;
    public ulong Data;
}
