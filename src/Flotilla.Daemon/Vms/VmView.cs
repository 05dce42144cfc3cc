using Flotilla.Core.Vms;

namespace Flotilla.Daemon.Vms;

/// <summary>A VM as the API shows it: what is wanted, what is, and the spec's store revision.</summary>
public sealed record VmView(string Name, long Revision, VmSpec Spec, VmStatus Status);
