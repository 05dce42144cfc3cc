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
    public IReadOnlyList<string> Forwards { get; init; } = [];
    public string OnCrash { get; init; } = "preserve";
    public bool FullClone { get; init; }
    public bool Autostart { get; set; }
    public string Mac { get; init; } = "52:54:00:ab:cd:ef";
    public int? BalloonTargetMiB { get; set; }
    /// <summary>What the guest has, once the balloon has followed the target (running only).</summary>
    public int? BalloonActualMiB { get; set; }
    /// <summary>The disk's snapshots, oldest first.</summary>
    public List<FakeSnapshot> Snapshots { get; } = [];
    public string Power { get; set; } = "stopped";
    public long RebootGeneration { get; set; }

    public string State { get; set; } = "stopped";
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
        if (State == "running" && BalloonTargetMiB is { } balloon && BalloonActualMiB != balloon && now - ChangedAt >= delay)
        {
            BalloonActualMiB = balloon;
            Revision = nextRevision();
        }
        var target = Power switch { "running" => "running", "paused" => "paused", _ => "stopped" };
        var rebootPending = Power == "running" && ObservedRebootGeneration < RebootGeneration;
        if (State == target && !rebootPending) return true;
        if (State is "failed" or "crashed" && ChangedAt <= BrokenSince) return true;

        var before = (State, Message, ObservedRebootGeneration);
        var (next, message) = (State, Message);
        if (now - ChangedAt < delay)
        {
            next = State switch
            {
                // The reconciler has not acted on the new spec yet: the old failure still shows.
                "failed" or "crashed" => State,
                "running" or "paused" when target == "stopped" => "shuttingDown",
                _ when target == "running" && (State == "stopped" || rebootPending) => "starting",
                _ => State,
            };
        }
        else if (target == "running" && StartFailure is { } failure)
        {
            (next, message) = ("failed", failure);
            StartFailure = null;
            BrokenSince = now;
        }
        else
        {
            (next, message) = (target, null);
            if (target == "running") ObservedRebootGeneration = RebootGeneration;
            BalloonActualMiB = target == "stopped" ? null : BalloonActualMiB ?? MemoryMiB;
        }

        (State, Message) = (next, message);
        if ((State, Message, ObservedRebootGeneration) != before) Revision = nextRevision();
        return !(Transient && State == "stopped");
    }

    /// <summary>The <c>Vm</c> resource exactly as docs/api.md shows it.</summary>
    /// <remarks>The fake keeps power and state as the wire's words (tests set them so); they become the API's enums here.</remarks>
    public VmView ToView(string host)
    {
        var live = State is "running" or "paused";
        return new VmView(
            Name,
            Revision,
            new VmSpec
            {
                Name = Name, Template = Template, Cpus = Cpus, MemoryMiB = MemoryMiB, UserData = UserData, Transient = Transient,
                Forwards = [.. Forwards.Select(PortForward.Parse)], Power = Enum.Parse<PowerState>(Power, ignoreCase: true),
                OnCrash = Enum.Parse<CrashPolicy>(OnCrash, ignoreCase: true), Autostart = Autostart, FullClone = FullClone, Mac = Mac,
                InstanceId = "i-" + Name, BalloonTargetMiB = BalloonTargetMiB, RebootGeneration = RebootGeneration,
            },
            new VmStatus
            {
                State = Enum.Parse<VmState>(State, ignoreCase: true), Host = host, Pid = live ? 4242 : null, Accel = live ? "tcg" : null,
                StartedAt = live ? DateTimeOffset.Parse("2026-11-23T23:00:00Z", System.Globalization.CultureInfo.InvariantCulture) : null,
                Message = Message, ObservedRebootGeneration = ObservedRebootGeneration, BalloonActualMiB = live ? BalloonActualMiB ?? MemoryMiB : null,
            });
    }
}
