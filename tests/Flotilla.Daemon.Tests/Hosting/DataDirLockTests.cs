using Flotilla.Daemon.Hosting;

namespace Flotilla.Daemon.Tests.Hosting;

/// <summary>One daemon per data dir, and a lock that cannot be taken for another reason says that reason.</summary>
public sealed class DataDirLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_second_daemon_on_the_same_data_dir_is_told_another_one_uses_it()
    {
        using var first = DataDirLock.Acquire(_dir);
        var second = Assert.Throws<InvalidOperationException>(() => DataDirLock.Acquire(_dir));
        Assert.StartsWith($"another flotillad is using {_dir}", second.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_dir_that_is_not_a_directory_is_not_blamed_on_another_daemon()
    {
        var file = Path.Combine(_dir, "not-a-dir");
        File.WriteAllText(file, "");
        var e = Assert.Throws<InvalidOperationException>(() => DataDirLock.Acquire(file));
        Assert.DoesNotContain("another flotillad", e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"cannot lock {Path.Combine(file, "flotillad.lock")}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_is_free_again_once_released()
    {
        DataDirLock.Acquire(_dir).Dispose();
        using var again = DataDirLock.Acquire(_dir);
    }
}
