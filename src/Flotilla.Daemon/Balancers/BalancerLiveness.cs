using System.Globalization;
using Flotilla.Balancer.Contract.Status;
using Flotilla.Daemon.Balancers.Frontends;

namespace Flotilla.Daemon.Balancers;

/// <summary>
/// Whether flotilla-lb serves a balancer or router as it is now, from what the supervisor knows: its revision is in
/// the live config, and each of its frontends is bound. A frontend that could not bind is a <see cref="Verdict.BindError"/>
/// either way flotilla-lb says it: a listener of <c>/status</c> not live (it retries with back-off), or a reload
/// rejected with <c>cannot listen on tcp 127.0.0.1:80: address already in use</c> (older flotilla-lb) that names one
/// of this balancer's frontends while its revision is the one rejected. Pure, so each case has a test.
/// </summary>
internal static class BalancerLiveness
{
    /// <param name="BindError">The frontend and why it is not bound, or null.</param>
    internal sealed record Verdict(bool Live, string? BindError, string? Message);

    public static Verdict Of(BalancerSpec spec, long revision, LbState state, StatusReport? status)
    {
        var name = spec.Name!;
        if (state.LiveRevisions.TryGetValue(name, out var live) && live == revision)
        {
            return Unbound(spec, status) is { } unbound
                ? new Verdict(false, unbound, $"cannot listen on {unbound}; flotilla-lb keeps trying")
                : new Verdict(true, null, state.Message);
        }

        var rejected = state.Rejected.TryGetValue(name, out var r) && r == revision && state.Message is { } m && IsBindFailure(m) && NamesFrontendOf(spec, m);
        return new Verdict(false, rejected ? AfterListen(state.Message!) : null, state.Message);
    }

    /// <summary><c>reload not live: cannot listen on tcp 127.0.0.1:80: address already in use</c> → <c>tcp 127.0.0.1:80: address already in use</c>.</summary>
    private static string AfterListen(string message)
    {
        const string listen = "cannot listen on ";
        var at = message.IndexOf(listen, StringComparison.OrdinalIgnoreCase);
        return at >= 0 ? message[(at + listen.Length)..] : message;
    }

    /// <summary>The first of its frontends flotilla-lb reports not bound: <c>tcp 127.0.0.1:80: address already in use (3 retries)</c>.</summary>
    private static string? Unbound(BalancerSpec spec, StatusReport? status)
    {
        if (status is null) return null;
        // Only a reported bind error counts: while flotilla-lb swaps a reload in, its /status can show a new rule's
        // listener not yet bound with no error, a moment that is not a port in use.
        var listener = status.Listeners.FirstOrDefault(l => !l.Live && l.Error is not null && (spec.IsRouter ? l.Router == spec.Name : l.Balancer == spec.Name && l.Router is null));
        if (listener is not null)
        {
            var retries = listener.Retries > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({listener.Retries} retries)") : "";
            return $"{listener.Frontend}: {listener.Error}{retries}";
        }

        if (spec.IsRouter) return null;
        var rule = status.Rules.FirstOrDefault(x => x.Balancer == spec.Name && !x.Live && x.BindError is not null);
        return rule is null ? null : $"{rule.Frontend}: {rule.BindError}";
    }

    private static bool IsBindFailure(string message) =>
        message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || message.Contains("cannot listen", StringComparison.OrdinalIgnoreCase);

    /// <summary>The rejection is about one frontend; a balancer only rejected beside it is not the one in the way.</summary>
    private static bool NamesFrontendOf(BalancerSpec spec, string message) =>
        FrontendClaims.Of(spec).Any(c => message.Contains(string.Create(CultureInfo.InvariantCulture, $"{c.Address}:{c.Port}"), StringComparison.Ordinal));
}
