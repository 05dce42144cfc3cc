using Microsoft.AspNetCore.Http;

namespace Flotilla.Balancer.L7.Rules;

/// <summary>One compiled condition of a rule; it may leave captures in the <see cref="RuleMatch"/>.</summary>
internal delegate bool RequestCondition(HttpContext context, RuleMatch match);
