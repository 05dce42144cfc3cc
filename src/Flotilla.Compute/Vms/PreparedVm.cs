using Flotilla.Compute.Images;

namespace Flotilla.Compute.Vms;

/// <summary>A VM whose directory is complete: its disk and seed, and the template build it boots.</summary>
internal sealed record PreparedVm(VmPaths Paths, TemplateFiles Template);
