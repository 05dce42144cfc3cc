namespace Flotilla.Api.Security;

/// <summary>
/// The body of <c>POST /v1/nsgs/NAME/attach</c> and <c>/detach</c>: a network (every NIC on it, Azure's subnet group),
/// or one VM's NIC.
/// </summary>
public sealed record AttachRequest
{
    public string? Network { get; init; }
    public string? Vm { get; init; }
    public int Nic { get; init; }
}
