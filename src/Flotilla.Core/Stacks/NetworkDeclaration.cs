using Flotilla.Core.Networks;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>An item of <c>networks:</c>; its CIDR is already known to parse (<see cref="AddressPlan"/>).</summary>
public sealed record NetworkDeclaration(NetworkSpec Spec, SpecOrigin Origin);
