using Flotilla.Compute;

namespace Flotilla.Daemon.Reconciling;

/// <summary>What a <see cref="VmWorker"/> sees beyond the store, for <see cref="VmPlanner"/>.</summary>
/// <param name="Running">A QEMU of this VM runs (started or adopted by this worker).</param>
/// <param name="Exit">How the QEMU ended, when it has and that is not recorded yet.</param>
/// <param name="SpecRevision">The revision of the spec read.</param>
/// <param name="HeldRevision">A spec revision that failed or crashed under "preserve" (-1 for none).</param>
/// <param name="NotBefore">Under "restart": no start before this (the restart back-off).</param>
/// <param name="TapsLost">The network whose rebuild killed the running QEMU's taps, until acted on (null: none).</param>
internal sealed record VmObserved(bool Running, VmExit? Exit, long SpecRevision, long HeldRevision, DateTimeOffset NotBefore, string? TapsLost = null);
