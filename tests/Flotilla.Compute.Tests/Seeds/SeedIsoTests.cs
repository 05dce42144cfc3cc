using CliWrap;
using CliWrap.Buffered;
using Flotilla.Compute.Seeds;
using Flotilla.Core.Vms;

namespace Flotilla.Compute.Tests.Seeds;

public sealed class SeedIsoTests
{
    private static readonly VmSpec Web7 = new()
    {
        Name = "web-7", Template = "tiny-web", Mac = "52:54:00:00:00:07", InstanceId = "i-0123abcd",
        UserData = "#!/bin/sh\nmkdir -p /www\necho \"Hello from VM 7\" > /www/index.html\nhttpd -p 80 -h /www\n",
    };

    [Fact]
    public void Meta_data_names_the_instance_and_the_host_and_user_data_is_the_script_as_given()
    {
        var seed = NoCloudSeed.For(Web7);

        Assert.Equal("instance-id: i-0123abcd\nlocal-hostname: web-7\n", seed.MetaData);
        Assert.Equal(Web7.UserData, seed.UserData);
        Assert.Contains("addresses: [10.0.2.15/24]", seed.NetworkConfig);
        Assert.Contains("gateway4: 10.0.2.2", seed.NetworkConfig);
        Assert.Equal("", NoCloudSeed.For(Web7 with { UserData = null }).UserData);
    }

    [Fact]
    public async Task The_iso_is_labelled_cidata_and_holds_the_three_files()
    {
        var dir = Directory.CreateTempSubdirectory("flotilla-seed-test-");
        try
        {
            var iso = Path.Combine(dir.FullName, "seed.iso");
            await SeedIso.WriteAsync(NoCloudSeed.For(Web7), iso, CancellationToken.None);

            var volume = await Cli.Wrap("isoinfo").WithArguments(["-d", "-i", iso]).ExecuteBufferedAsync();
            Assert.Contains("Volume id: cidata", volume.StandardOutput);
            Assert.Equal(Web7.UserData, await ReadAsync(iso, "user-data"));
            Assert.Equal("instance-id: i-0123abcd\nlocal-hostname: web-7\n", await ReadAsync(iso, "meta-data"));
            Assert.Equal(NoCloudSeed.UserModeNetworkConfig, await ReadAsync(iso, "network-config"));
            Assert.Equal(["seed.iso"], Directory.GetFiles(dir.FullName).Select(f => Path.GetFileName(f)));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>A file of the ISO by its Rock Ridge name, as the guest sees it.</summary>
    internal static async Task<string> ReadAsync(string iso, string name) =>
        (await Cli.Wrap("isoinfo").WithArguments(["-R", "-i", iso, "-x", "/" + name]).ExecuteBufferedAsync()).StandardOutput;
}
