using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

public sealed record ProbeDeclaration(StackProbe Probe, SpecOrigin Origin);
