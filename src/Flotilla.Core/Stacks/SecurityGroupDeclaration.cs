using Flotilla.Core.Security;
using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>An item of <c>securityGroups:</c>; its rules are already checked (<see cref="SecurityGroupValidator"/>).</summary>
public sealed record SecurityGroupDeclaration(SecurityGroup Group, SpecOrigin Origin);
