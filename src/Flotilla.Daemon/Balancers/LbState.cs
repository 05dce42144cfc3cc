namespace Flotilla.Daemon.Balancers;

/// <summary>
/// What the supervisor knows of the host's flotilla-lb, replaced whole on every change (readers on other threads see
/// one consistent value): its process state, and which spec revision of each balancer is in the live config.
/// </summary>
internal sealed record LbState(string Process, int? Pid, string? Message, IReadOnlyDictionary<string, long> LiveRevisions)
{
    public static LbState Stopped { get; } = new("stopped", null, null, new Dictionary<string, long>());

    /// <summary>
    /// The revisions written in the last reload when flotilla-lb rejected it (its reason is <see cref="Message"/>);
    /// empty once a reload is live. A balancer is told the rejection only while its revision is the rejected one.
    /// </summary>
    public IReadOnlyDictionary<string, long> Rejected { get; init; } = new Dictionary<string, long>();
}
