using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

public sealed record RuleDeclaration(StackRule Rule, SpecOrigin Origin);
