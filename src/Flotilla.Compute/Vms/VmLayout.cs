using System.Security.Cryptography;
using System.Text;
using Flotilla.Core.Naming;

namespace Flotilla.Compute.Vms;

/// <summary>
/// The host's files:
/// <code>
/// DATA_DIR/accel.json                               the cached kvm/tcg verdict
/// DATA_DIR/templates/NAME/INPUTS_SHA256/            a template's files, copied once per build (backing files never change)
/// DATA_DIR/vms/NAME/disk.qcow2 seed.iso qemu.pid qmp.sock console.log qemu.log
/// </code>
/// A UNIX socket path must fit <c>sun_path</c> (108 bytes with its NUL). When <c>DATA_DIR/vms/NAME/qmp.sock</c> does
/// not, the socket goes to <c>/tmp/flotilla-HOSTID/NAME.qmp</c> (at most 94 bytes), HOSTID being the first 12 hex
/// digits of the SHA-256 of the data dir's full path, so two hosts on one machine never share it. The rule depends
/// only on the data dir and the name; attaching reads the path from QEMU's own command line anyway.
/// </summary>
internal sealed class VmLayout
{
    public const int MaxSocketPathBytes = 107;
    private const string ShortSocketRoot = "/tmp";

    public VmLayout(string dataDir)
    {
        DataDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDir));
        HostId = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DataDir)))[..12];
    }

    public string DataDir { get; }
    /// <summary>Short and unique per data dir: names what this host creates outside it.</summary>
    public string HostId { get; }
    public string VmsDir => Path.Combine(DataDir, "vms");
    public string TemplatesDir => Path.Combine(DataDir, "templates");
    public string AccelFile => Path.Combine(DataDir, "accel.json");
    public string ShortSocketDir => Path.Combine(ShortSocketRoot, "flotilla-" + HostId);

    /// <exception cref="InvalidNameException">Not a DNS label (which also keeps it one path segment).</exception>
    public VmPaths For(string vmName)
    {
        ResourceName.Validate(vmName, "VM");
        var dir = Path.Combine(VmsDir, vmName);
        var socket = Path.Combine(dir, "qmp.sock");
        if (Encoding.UTF8.GetByteCount(socket) > MaxSocketPathBytes) socket = Path.Combine(ShortSocketDir, vmName + ".qmp");
        return new VmPaths { Name = vmName, Dir = dir, QmpSocket = socket };
    }
}
