using System.Runtime.CompilerServices;
using Flotilla.LoadTest.Execution;
using Flotilla.LoadTest.Http;
using Flotilla.LoadTest.Metrics;

namespace Flotilla.LoadTest.Requests;

/// <summary>A flags run's VU: each iteration sends the one request and checks the response.</summary>
internal sealed class RequestVirtualUser(HttpSession session, HttpRequest request, ResponseChecks checks, LoadTestMetrics metrics) : IVirtualUser
{
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunIterationAsync(IterationContext iteration, CancellationToken cancellationToken)
    {
        var response = await session.SendAsync(request, iteration.IntendedStart, cancellationToken).ConfigureAwait(false);
        if (!checks.IsEmpty) checks.Record(response, metrics);
    }

    public void Dispose() => session.Dispose();
}
