using System.Text.Json.Serialization;
using Flotilla.Core.Vms;
using Flotilla.Api.Pools;

namespace Flotilla.Api.Vms;

/// <summary>
/// A VM as the API shows it: what is wanted, what is, and <see cref="Revision"/>, the store
/// revision of its latest change to either (a client waiting on a verb sees the status move).
/// </summary>
public sealed record VmView(string Name, long Revision, VmSpec Spec, VmStatus Status)
{
    /// <summary>The spec's own revision: compare-and-swap, and the reconciler's "already tried this spec".</summary>
    [JsonIgnore]
    public long SpecRevision { get; init; } = Revision;

    /// <summary>Its disk in its pool, measured (<c>GET /v1/vms/NAME</c> only: the list does not run qemu-img per VM); null while it has none.</summary>
    public VolumeView? Disk { get; init; }
}
