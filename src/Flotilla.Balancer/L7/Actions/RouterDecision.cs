namespace Flotilla.Balancer.L7.Actions;

/// <summary>The request feature a forward rule leaves for the proxy pipeline: which farm takes the request.</summary>
internal sealed record RouterDecision(string Rule, string Farm, int Retries);
