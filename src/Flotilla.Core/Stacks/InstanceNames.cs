using System.Globalization;

namespace Flotilla.Core.Stacks;

/// <summary>
/// VM names from a <c>vms:</c> item. With <c>count</c> (even <c>count: 1</c>) the instances are <c>NAME-0</c> …
/// <c>NAME-{N-1}</c>, as Terraform's <c>count.index</c> numbers them, so scaling 3 → 4 adds <c>NAME-3</c> and renames
/// nothing; without <c>count</c> the one VM is <c>NAME</c>. Adding <c>count</c> to an item later therefore renames its
/// VM (a re-create), as adding <c>count</c> in Terraform moves <c>vm</c> to <c>vm[0]</c>.
/// </summary>
public static class InstanceNames
{
    public static string Of(VmDeclaration vm, int index) =>
        vm.Count is null ? vm.Name : string.Create(CultureInfo.InvariantCulture, $"{vm.Name}-{index}");
}
