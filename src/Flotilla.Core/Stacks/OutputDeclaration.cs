using Flotilla.Core.Specs;

namespace Flotilla.Core.Stacks;

/// <summary>An entry of <c>outputs:</c>, e.g. <c>url: http://${loadBalancers.web.frontend}:80/</c>.</summary>
public sealed record OutputDeclaration(string Name, OutputExpression Expression, SpecOrigin Origin);
