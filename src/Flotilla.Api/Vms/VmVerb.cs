namespace Flotilla.Api.Vms;

/// <summary>The verbs of <c>POST /v1/vms/{name}/{verb}</c>; each changes the spec and answers 202.</summary>
public enum VmVerb
{
    Start,
    Shutdown,
    Destroy,
    Pause,
    Resume,
    Reboot,
}
