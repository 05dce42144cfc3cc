namespace Flotilla.Cli.Tests.Support;

/// <summary>
/// One VM of <see cref="FakeFlotillad"/>: a spec the verbs change and a status that follows it
/// <see cref="FakeFlotillad.ReconcileDelay"/> after the last change (a stand-in for the reconciler,
/// applied when the VM is read). Guarded by the fake's lock.
/// </summary>
public sealed class FakeVm
{
    public required string Name { get; init; }
    public required string Template { get; init; }
    public int Cpus { get; init; }
    public int MemoryMiB { get; init; }
    public string? UserData { get; init; }
    public bool Transient { get; init; }
    public IReadOnlyList<PortForward> Forwards { get; init; } = [];
    public CrashPolicy OnCrash { get; init; } = CrashPolicy.Preserve;
    public bool FullClone { get; init; }
    public bool Autostart { get; set; }
    public string Mac { get; init; } = "52:54:00:ab:cd:ef";
    public int? BalloonTargetMiB { get; set; }
    /// <summary>What the guest has, once the balloon has followed the target (running only).</summary>
    public int? BalloonActualMiB { get; set; }
    /// <summary>The disk's snapshots, oldest first.</summary>
    public List<FakeSnapshot> Snapshots { get; } = [];
    public PowerState Power { get; set; } = PowerState.Stopped;
    public long RebootGeneration { get; set; }

    public VmState State { get; set; } = VmState.Stopped;
    public string? Message { get; set; }
    public long ObservedRebootGeneration { get; set; }
    public long Revision { get; set; }

    /// <summary>When the spec last changed: the status follows a delay later.</summary>
    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>
    /// When it last failed or crashed: like a reconciler that does not retry on its own, the fake
    /// leaves a broken VM alone until a verb changes its spec after that.
    /// </summary>
    public DateTimeOffset? BrokenSince { get; set; }

    /// <summary>The next start ends in <c>failed</c> with this message (as a VM that cannot boot).</summary>
    public string? StartFailure { get; set; }

    /// <summary>The status never follows (a reconciler that is stuck).</summary>
    public bool Stalled { get; set; }

    /// <summary>Moves the status toward the spec; false when a transient VM has stopped and is gone.</summary>
    public bool Reconcile(DateTimeOffset now, TimeSpan delay, Func<long> nextRevision)
    {
        if (Stalled) return true;
        if (State == VmState.Running && BalloonTargetMiB is { } balloon && BalloonActualMiB != balloon && now - ChangedAt >= delay)
        {
            BalloonActualMiB = balloon;
            Revision = nextRevision();
        }
        var target = Settled(Power);
        var rebootPending = Power == PowerState.Running && ObservedRebootGeneration < RebootGeneration;
        if (State == target && !rebootPending) return true;
        if (State is VmState.Failed or VmState.Crashed && ChangedAt <= BrokenSince) return true;

        var before = (State, Message, ObservedRebootGeneration);
        var (next, message) = (State, Message);
        if (now - ChangedAt < delay)
        {
            next = State switch
            {
                // The reconciler has not acted on the new spec yet: the old failure still shows.
                VmState.Failed or VmState.Crashed => State,
                VmState.Running or VmState.Paused when target == VmState.Stopped => VmState.ShuttingDown,
                _ when target == VmState.Running && (State == VmState.Stopped || rebootPending) => VmState.Starting,
                _ => State,
            };
        }
        else if (target == VmState.Running && StartFailure is { } failure)
        {
            (next, message) = (VmState.Failed, failure);
            StartFailure = null;
            BrokenSince = now;
        }
        else
        {
            (next, message) = (target, null);
            if (target == VmState.Running) ObservedRebootGeneration = RebootGeneration;
            BalloonActualMiB = target == VmState.Stopped ? null : BalloonActualMiB ?? MemoryMiB;
        }

        (State, Message) = (next, message);
        if ((State, Message, ObservedRebootGeneration) != before) Revision = nextRevision();
        return !(Transient && State == VmState.Stopped);
    }

    /// <summary>The state a spec's power settles in.</summary>
    public static VmState Settled(PowerState power) => power switch
    {
        PowerState.Running => VmState.Running,
        PowerState.Paused => VmState.Paused,
        _ => VmState.Stopped,
    };

    /// <summary>The <c>Vm</c> resource: the API's own records, which <see cref="DaemonJson"/> writes as the daemon does.</summary>
    public VmView ToView(string host)
    {
        var live = State is VmState.Running or VmState.Paused;
        return new VmView(
            Name,
            Revision,
            new VmSpec
            {
                Name = Name, Template = Template, Cpus = Cpus, MemoryMiB = MemoryMiB, UserData = UserData, Transient = Transient,
                Forwards = Forwards, Power = Power, OnCrash = OnCrash, Autostart = Autostart, FullClone = FullClone, Mac = Mac,
                InstanceId = "i-" + Name, BalloonTargetMiB = BalloonTargetMiB, RebootGeneration = RebootGeneration,
            },
            new VmStatus
            {
                State = State, Host = host, Pid = live ? 4242 : null, Accel = live ? "tcg" : null,
                StartedAt = live ? DateTimeOffset.Parse("2026-11-23T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture) : null,
                Message = Message, ObservedRebootGeneration = ObservedRebootGeneration, BalloonActualMiB = live ? BalloonActualMiB ?? MemoryMiB : null,
            });
    }
}
