using System.Net;
using Flotilla.Balancer.L4.Pools;

namespace Flotilla.Balancer.L4;

/// <summary>A bound frontend (TCP or UDP) whose rule a reload can swap without rebinding.</summary>
internal interface IFrontendListener : IAsyncDisposable
{
    IPEndPoint Endpoint { get; }

    RuleRuntime Rule { get; set; }

    void Start();
}
