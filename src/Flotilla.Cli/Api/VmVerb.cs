namespace Flotilla.Cli.Api;

/// <summary>The verbs of <c>POST /v1/vms/{name}/{verb}</c>; each changes the spec and answers 202.</summary>
internal enum VmVerb
{
    Start,
    Shutdown,
    Destroy,
    Pause,
    Resume,
    Reboot,
}
