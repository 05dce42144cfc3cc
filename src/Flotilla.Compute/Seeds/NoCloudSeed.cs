using Flotilla.Core.Vms;

namespace Flotilla.Compute.Seeds;

/// <summary>
/// The files of a VM's NoCloud seed (cloud-init's convention, which the tiny-web init reads the same way):
/// <c>meta-data</c> names the instance (user-data runs once per <c>instance-id</c>) and the hostname; <c>user-data</c>
/// is the spec's script as given; <c>network-config</c> (version 2) gives the guest the address QEMU's user-mode
/// network always hands out, so it skips the DHCP round trip at boot; or, for a VM on Flotilla networks, each NIC's
/// address, matched by MAC (the order of PCI devices is not an interface name a guest must keep).
/// </summary>
internal sealed record NoCloudSeed(string UserData, string MetaData, string NetworkConfig)
{
    /// <summary>QEMU user-mode networking's fixed guest address, gateway and DNS.</summary>
    public const string UserModeNetworkConfig =
        "version: 2\nethernets:\n  eth0:\n    addresses: [10.0.2.15/24]\n    gateway4: 10.0.2.2\n    nameservers:\n      addresses: [10.0.2.3]\n";

    public static NoCloudSeed For(VmSpec spec) => new(
        spec.UserData ?? "",
        $"instance-id: {spec.InstanceId}\nlocal-hostname: {spec.Name}\n",
        spec.Nics.Count == 0 ? UserModeNetworkConfig : ForNics(spec.Nics));

    /// <summary>One <c>ethernets</c> entry per NIC (<c>nic0</c>, …), matched by MAC; the first gateway is the default route.</summary>
    public static string ForNics(IReadOnlyList<VmNic> nics)
    {
        var text = new System.Text.StringBuilder("version: 2\nethernets:\n");
        for (var i = 0; i < nics.Count; i++)
        {
            var nic = nics[i];
            text.Append($"  nic{i}:\n    match:\n      macaddress: \"{nic.Mac}\"\n    set-name: eth{i}\n    addresses: [{nic.Address}/{nic.PrefixLength}]\n");
            if (nic.Gateway is not null) text.Append($"    gateway4: {nic.Gateway}\n");
        }
        return text.ToString();
    }

    /// <summary>The files by their name on the seed disk.</summary>
    public IReadOnlyList<(string Name, string Content)> Files =>
        [("user-data", UserData), ("meta-data", MetaData), ("network-config", NetworkConfig)];
}
