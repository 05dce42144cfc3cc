using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;

namespace Flotilla.LoadTest.Requests;

/// <summary>Makes a flags run's VUs: one session each, all sending the same request.</summary>
public sealed class RequestVirtualUserFactory(
    HttpRequest request, HttpSessionOptions sessionOptions, ResponseChecks checks, LoadTestMetrics metrics, TimeProvider time) : IVirtualUserFactory
{
    private readonly AddressResolver _resolver = new();

    public IVirtualUser Create(int id, ScenarioSpec scenario) =>
        new RequestVirtualUser(new HttpSession(sessionOptions, metrics, _resolver, time), request, checks, metrics);
}
