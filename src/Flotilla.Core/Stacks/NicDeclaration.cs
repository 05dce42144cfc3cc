using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>
/// One of a VM item's <c>networks:</c>. A fixed <see cref="Address"/> is the first instance's; instance <c>i</c>
/// gets the address <c>i</c> above it, so a counted VM keeps predictable addresses.
/// </summary>
public sealed record NicDeclaration(string Network, string? Address, string? SecurityGroup, SpecOrigin Origin);
