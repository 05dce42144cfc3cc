using System.Net;
using Flotilla.Core.Networks;

namespace Flotilla.Core.Stacks;

/// <summary>A stack file's items by name, and its VMs expanded into instances; shared by validation and expansion.</summary>
internal sealed class StackIndex
{
    public StackIndex(StackFile file)
    {
        File = file;
        foreach (var network in file.Networks) Networks.TryAdd(network.Spec.Name, network);
        foreach (var group in file.SecurityGroups) SecurityGroups.TryAdd(group.Group.Name, group);
        foreach (var vm in file.Vms)
        {
            Declarations.TryAdd(vm.Name, vm);
            for (var i = 0; i < vm.Instances; i++)
            {
                var instance = new VmInstance(InstanceNames.Of(vm, i), vm, i);
                Instances.Add(instance);
                InstancesByName.TryAdd(instance.Name, instance);
            }
        }
    }

    public StackFile File { get; }

    public Dictionary<string, NetworkDeclaration> Networks { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SecurityGroupDeclaration> SecurityGroups { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, VmDeclaration> Declarations { get; } = new(StringComparer.Ordinal);

    /// <summary>Every VM the file makes, in file order then index order.</summary>
    public List<VmInstance> Instances { get; } = [];

    public Dictionary<string, VmInstance> InstancesByName { get; } = new(StringComparer.Ordinal);

    /// <summary>The address instance <paramref name="index"/> asks for on <paramref name="nic"/>: the given one plus the index.</summary>
    public static IPAddress? AddressOf(NicDeclaration nic, int index)
    {
        if (nic.Address is null) return null;
        var bytes = IPAddress.Parse(nic.Address).GetAddressBytes();
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes) + (ulong)index;
        if (value > uint.MaxValue) return null;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)value);
        return new IPAddress(bytes);
    }

    public AddressPlan? PlanOf(string network) =>
        Networks.TryGetValue(network, out var declaration) ? AddressPlan.Parse(declaration.Spec.Cidr) : null;

    public static string Known(IEnumerable<string> names)
    {
        var list = string.Join(", ", names);
        return list.Length == 0 ? "none defined" : list;
    }
}
