using Flotilla.Compute.Accel;

namespace Flotilla.Compute.Tests.Accel;

public sealed class AccelVerdictCacheTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("flotilla-accel-");

    private AccelVerdictCache Cache => new(Path.Combine(_dir.FullName, "accel.json"));

    private static AccelRecord Record(string accel, string version) => new()
    {
        Accel = accel, Reason = "kvm: QEMU did not boot within 10 s with -accel kvm", QemuVersion = version,
        Host = "host-a", ProbedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void A_verdict_holds_for_the_qemu_version_it_was_probed_with()
    {
        Cache.Write(Record(AccelVerdict.Tcg, "7.2.22"));

        Assert.Equal(new AccelVerdict(AccelVerdict.Tcg, "kvm: QEMU did not boot within 10 s with -accel kvm"), Cache.Read("7.2.22"));
        Assert.Null(Cache.Read("8.0.0"));
        Assert.Equal(["accel.json"], _dir.GetFiles().Select(f => f.Name));
    }

    [Fact]
    public void No_file_or_a_broken_one_means_probe_again()
    {
        Assert.Null(Cache.Read("7.2.22"));
        File.WriteAllText(Cache.Path, "{ not json");
        Assert.Null(Cache.Read("7.2.22"));
        Cache.Write(Record("warp", "7.2.22"));
        Assert.Null(Cache.Read("7.2.22"));
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
