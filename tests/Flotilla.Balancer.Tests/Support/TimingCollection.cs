namespace Flotilla.Balancer.Tests.Support;

/// <summary>
/// Tests that check a deadline from the issue (a probe marks a member down within interval ×
/// threshold + 1 s) run alone, after the parallel ones: on two cores a parallel 32 MB transfer
/// can delay a probe loop by more than the slack the contract allows.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
