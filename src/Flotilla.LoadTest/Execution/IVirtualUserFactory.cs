namespace Flotilla.LoadTest.Execution;

/// <summary>Makes the VUs of a run; <paramref name="id"/> is k6's <c>__VU</c> (1-based, unique in the run).</summary>
public interface IVirtualUserFactory
{
    IVirtualUser Create(int id, ScenarioSpec scenario);
}
