using System.Runtime.CompilerServices;
using Flotilla.Balancer.L4.Pools;
using Flotilla.Balancer.Runtime;

namespace Flotilla.Lb.Admin;

/// <summary>New flows per second per member, sampled once a second for /status.</summary>
internal sealed class FlowRates : IDisposable
{
    private readonly ConditionalWeakTable<Member, Sample> _samples = [];
    private readonly LbRuntime _runtime;
    private readonly ITimer _timer;

    public FlowRates(LbRuntime runtime, TimeProvider time)
    {
        _runtime = runtime;
        _timer = time.CreateTimer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public double PerSecond(Member member) => _samples.TryGetValue(member, out var s) ? s.Rate : 0;

    private void Tick()
    {
        foreach (var member in _runtime.Rules.SelectMany(r => r.Members))
        {
            var sample = _samples.GetValue(member, m => new Sample { Last = m.FlowsTotal });
            var total = member.FlowsTotal;
            sample.Rate = total - sample.Last;
            sample.Last = total;
        }
    }

    public void Dispose() => _timer.Dispose();

    private sealed class Sample
    {
        public long Last { get; set; }

        public double Rate { get; set; }
    }
}
