using Flotilla.Compute;
using Flotilla.Compute.Snapshots;
using Flotilla.Compute.Networking;
using Flotilla.Core.Naming;
using Flotilla.Compute.Networking.Security;
using Flotilla.Core.Networks;
using Flotilla.Core.Security;
using Flotilla.Core.Specs;
using Flotilla.Core.Stacks;
using Flotilla.Daemon.Balancers;
using Flotilla.Daemon.Security;
using Flotilla.Daemon.Networks;
using Flotilla.Daemon.Pools;
using Flotilla.Daemon.Templates;
using Flotilla.Daemon.Vms;
using Microsoft.AspNetCore.Http;

namespace Flotilla.Daemon.Api;

/// <summary>
/// Errors a user can cause, mapped once to an HTTP status and a problem type a client can switch on
/// (<c>https://flotilla.dev/problems/vm-not-found</c>…); see docs/api.md.
/// </summary>
internal static class ProblemTypes
{
    public const string Base = "https://flotilla.dev/problems/";

    public static (string Type, int Status, string Title)? For(Exception e) => e switch
    {
        InvalidNameException => ("invalid-name", StatusCodes.Status400BadRequest, "Invalid name"),
        InvalidSpecException => ("invalid-spec", StatusCodes.Status400BadRequest, "Invalid VM spec"),
        InvalidPoolException => ("invalid-spec", StatusCodes.Status400BadRequest, "Invalid pool spec"),
        TemplateNotFoundException or UnknownTemplateException => ("template-not-found", StatusCodes.Status404NotFound, "Template not found"),
        PoolNotFoundException => ("pool-not-found", StatusCodes.Status404NotFound, "Pool not found"),
        PoolExistsException => ("pool-exists", StatusCodes.Status409Conflict, "Pool exists"),
        PoolInUseException => ("pool-in-use", StatusCodes.Status409Conflict, "Pool in use"),
        TemplateExistsException => ("template-exists", StatusCodes.Status409Conflict, "Template exists"),
        TemplateInUseException => ("template-in-use", StatusCodes.Status409Conflict, "Template in use"),
        BuiltTemplateException => ("template-built", StatusCodes.Status409Conflict, "Template is built"),
        TemplateCreateException => ("template-failed", StatusCodes.Status500InternalServerError, "Template failed"),
        VmNotFoundException => ("vm-not-found", StatusCodes.Status404NotFound, "VM not found"),
        VmExistsException => ("vm-exists", StatusCodes.Status409Conflict, "VM exists"),
        VmRunningException => ("vm-running", StatusCodes.Status409Conflict, "VM is running"),
        PortInUseException => ("port-in-use", StatusCodes.Status409Conflict, "Port in use"),
        InsufficientCapacityException => ("insufficient-capacity", StatusCodes.Status409Conflict, "Insufficient capacity"),
        SnapshotException { Error: SnapshotError.NotFound } => ("snapshot-not-found", StatusCodes.Status404NotFound, "Snapshot not found"),
        SnapshotException { Error: SnapshotError.Exists } => ("snapshot-exists", StatusCodes.Status409Conflict, "Snapshot exists"),
        SnapshotException { Error: SnapshotError.VmRunning } => ("vm-running", StatusCodes.Status409Conflict, "VM is running"),
        SnapshotException { Error: SnapshotError.VmNotRunning } => ("vm-not-running", StatusCodes.Status409Conflict, "VM is not running"),
        SnapshotException { Error: SnapshotError.Failed } => ("snapshot-failed", StatusCodes.Status500InternalServerError, "Snapshot failed"),
        VmCloneException => ("clone-failed", StatusCodes.Status500InternalServerError, "Clone failed"),
        Stacks.Status.StackNotFoundException => ("stack-not-found", StatusCodes.Status404NotFound, "Stack not found"),
        NetworkNotFoundException => ("network-not-found", StatusCodes.Status404NotFound, "Network not found"),
        NetworkExistsException => ("network-exists", StatusCodes.Status409Conflict, "Network exists"),
        NetworkInUseException => ("network-in-use", StatusCodes.Status409Conflict, "Network in use"),
        InvalidNetworkException => ("invalid-network", StatusCodes.Status400BadRequest, "Invalid network"),
        NetworksUnavailableException => ("networks-unavailable", StatusCodes.Status503ServiceUnavailable, "Virtual networks need root"),
        NetworkSetupException => ("network-setup-failed", StatusCodes.Status500InternalServerError, "Network setup failed"),
        SecurityGroupNotFoundException => ("nsg-not-found", StatusCodes.Status404NotFound, "Network security group not found"),
        SecurityGroupExistsException => ("nsg-exists", StatusCodes.Status409Conflict, "Network security group exists"),
        SecurityGroupInUseException => ("nsg-in-use", StatusCodes.Status409Conflict, "Network security group in use"),
        SecurityRuleException => ("invalid-rule", StatusCodes.Status400BadRequest, "Invalid security rule"),
        NftException => ("rules-not-applied", StatusCodes.Status500InternalServerError, "Rules could not be applied"),
        VmDiskException => ("disk-failed", StatusCodes.Status500InternalServerError, "Disk failed"),
        SpecException => ("invalid-stack", StatusCodes.Status400BadRequest, "Invalid stack file"),
        InvalidStackException => ("invalid-stack", StatusCodes.Status400BadRequest, "Invalid stack file"),
        Stacks.StackOwnedException => ("stack-owned", StatusCodes.Status409Conflict, "Resource belongs to a stack"),
        Operations.OperationNotFoundException => ("operation-not-found", StatusCodes.Status404NotFound, "Operation not found"),
        Stacks.StackBusyException => ("stack-busy", StatusCodes.Status409Conflict, "Stack busy with another operation"),
        StackConflictException => ("stack-conflict", StatusCodes.Status409Conflict, "Stack conflicts with existing resources"),
        InvalidBalancerException => ("invalid-balancer", StatusCodes.Status400BadRequest, "Invalid balancer"),
        BalancerNotFoundException => ("balancer-not-found", StatusCodes.Status404NotFound, "Balancer not found"),
        QemuMissingException => ("qemu-missing", StatusCodes.Status503ServiceUnavailable, "QEMU is not installed"),
        _ => null,
    };

    public static IResult ToResult(Exception e, HttpContext context)
    {
        var (type, status, title) = For(e) ?? throw e;
        return Results.Problem(detail: e.Message, statusCode: status, title: title, type: Base + type, instance: context.Request.Path);
    }
}
