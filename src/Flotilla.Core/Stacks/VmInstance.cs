namespace Flotilla.Core.Stacks;

/// <summary>One VM a <c>vms:</c> item makes: instance <see cref="Index"/> of <see cref="Declaration"/>.</summary>
internal sealed record VmInstance(string Name, VmDeclaration Declaration, int Index);
