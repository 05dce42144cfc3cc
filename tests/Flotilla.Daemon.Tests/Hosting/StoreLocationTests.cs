using Flotilla.Daemon.Hosting;

namespace Flotilla.Daemon.Tests.Hosting;

public sealed class StoreLocationTests
{
    [Fact]
    public void Sqlite_paths_parse_to_full_paths_and_the_default_is_the_data_dirs_state_db()
    {
        Assert.Equal("/var/lib/f/other.db", StoreLocation.Parse("sqlite:/var/lib/f/other.db").SqlitePath);
        Assert.Equal(Path.GetFullPath("rel.db"), StoreLocation.Parse("sqlite:rel.db").SqlitePath);
        Assert.Equal("/var/lib/f/state.db", StoreLocation.Default("/var/lib/f").SqlitePath);
    }

    [Fact]
    public void An_etcd_store_is_refused_as_not_supported_yet()
    {
        var e = Assert.Throws<ArgumentException>(() => StoreLocation.Parse("etcd:http://127.0.0.1:2379"));
        Assert.Contains("not supported yet; use sqlite:PATH", e.Message);
    }

    [Theory]
    [InlineData("sqlite:")]
    [InlineData("/var/lib/f/state.db")]
    [InlineData("postgres://x")]
    public void Anything_else_is_refused_with_the_accepted_form(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => StoreLocation.Parse(text));
        Assert.Contains("sqlite:PATH", e.Message);
    }
}
