using Flotilla.Compute;
using Flotilla.Core.Naming;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Vms;

namespace Flotilla.Daemon.Templates;

/// <summary>
/// What the template endpoints do, and which template a VM is made from. Built templates are the image dir's (read on
/// each call); user templates are a definition in the store (<see cref="UserTemplateSpec"/>) and read-only files in the
/// host's template store, made from a stopped VM's disk. Names of the two kinds never collide.
/// </summary>
internal sealed class TemplateCommands(TemplateRepository templates, VmRepository vms, HostCompute compute, DefinitionGate gate, TimeProvider time)
{
    private const int MaxDescription = 256;
    /// <summary>What a VM gets from a built template when nothing is said: the spec's own defaults.</summary>
    private static readonly VmSpec Defaults = new() { Name = "-", Template = "-", Mac = "-", InstanceId = "-" };

    /// <summary>The template of that name, built or user, with what a VM takes from it unless told otherwise.</summary>
    /// <exception cref="UnknownTemplateException">No such template.</exception>
    public async Task<ResolvedTemplate> ResolveAsync(string? name, CancellationToken ct)
    {
        if (ResourceName.IsValid(name))
        {
            if (compute.Templates.Built.FirstOrDefault(t => t.Name == name) is { } built) return new(built.Name, TemplateKind.Built, built.MinMemoryMiB, Defaults.Cpus, Defaults.MemoryMiB, null);
            if (await templates.GetAsync(name!, ct).ConfigureAwait(false) is { } user) return new(user.Name, TemplateKind.User, user.MinMemoryMiB, user.Cpus, user.MemoryMiB, user.UserData);
        }
        throw new UnknownTemplateException(name ?? "", [.. compute.Templates.Built.Select(t => t.Name)], [.. (await templates.ListAsync(ct).ConfigureAwait(false)).Select(t => t.Name)]);
    }

    public async Task<IReadOnlyList<TemplateView>> ListAsync(CancellationToken ct)
    {
        var all = await vms.ListAsync(ct).ConfigureAwait(false);
        var views = new List<TemplateView>();
        foreach (var built in compute.Templates.Built) views.Add(await BuiltViewAsync(built, all, ct).ConfigureAwait(false));
        foreach (var user in await templates.ListAsync(ct).ConfigureAwait(false))
        {
            if (views.All(v => v.Name != user.Name)) views.Add(await UserViewAsync(user, all, ct).ConfigureAwait(false));
        }
        return [.. views.OrderBy(v => v.Name, StringComparer.Ordinal)];
    }

    public async Task<TemplateView> GetAsync(string name, CancellationToken ct)
    {
        var resolved = await ResolveAsync(name, ct).ConfigureAwait(false);
        var all = await vms.ListAsync(ct).ConfigureAwait(false);
        return resolved.Kind == TemplateKind.Built
            ? await BuiltViewAsync(compute.Templates.Find(name), all, ct).ConfigureAwait(false)
            : await UserViewAsync((await templates.GetAsync(name, ct).ConfigureAwait(false))!, all, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A user template from a stopped VM: its cpus, memory and user data, and its disk flattened into a base disk. The
    /// files are made first and the definition stored last; if storing fails the files go again, so nothing is half-made.
    /// </summary>
    public async Task<TemplateView> CreateAsync(CreateTemplateRequest request, CancellationToken ct)
    {
        var name = ResourceName.Validate(request.Name, "template");
        var fromVm = ResourceName.Validate(request.FromVm, "VM");
        if (request.Description is { Length: > MaxDescription }) throw new InvalidSpecException($"description must be at most {MaxDescription} characters (got {request.Description.Length})");
        using var _ = await gate.EnterAsync(ct).ConfigureAwait(false);
        if (compute.Templates.Built.Any(t => t.Name == name))
        {
            throw new TemplateExistsException(name, $"'{name}' is a built template's name: a user template needs another");
        }
        if (await templates.GetAsync(name, ct).ConfigureAwait(false) is not null) throw new TemplateExistsException(name);
        var vm = await vms.GetAsync(fromVm, ct).ConfigureAwait(false) ?? throw new VmNotFoundException(fromVm);
        if (VmCommands.IsUp(vm)) throw Running(fromVm);
        Compute.Images.UserTemplateBuild build;
        try
        {
            build = await compute.Templates.CreateAsync(vm.Spec, name, ct).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            throw Running(fromVm);
        }
        var spec = new UserTemplateSpec
        {
            Name = name, Description = request.Description, Cpus = vm.Spec.Cpus, MemoryMiB = vm.Spec.MemoryMiB, UserData = vm.Spec.UserData,
            MinMemoryMiB = build.MinMemoryMiB, SourceVm = fromVm, SourceTemplate = vm.Spec.Template, Build = build.Id, Boots = build.Boots,
            CreatedAt = time.GetUtcNow(),
        };
        try
        {
            await templates.CreateAsync(spec, ct).ConfigureAwait(false);
        }
        catch
        {
            compute.Templates.Delete(name);
            throw;
        }
        return await UserViewAsync(spec, [], ct).ConfigureAwait(false);
    }

    /// <summary>Deletes a user template no VM was made from: the definition first, then its files.</summary>
    public async Task DeleteAsync(string name, CancellationToken ct)
    {
        ResourceName.Validate(name, "template");
        using var _ = await gate.EnterAsync(ct).ConfigureAwait(false);
        if (await templates.GetAsync(name, ct).ConfigureAwait(false) is null)
        {
            if (compute.Templates.Built.FirstOrDefault(t => t.Name == name) is { } built) throw new BuiltTemplateException(name, Path.GetDirectoryName(built.Directory)!);
            await ResolveAsync(name, ct).ConfigureAwait(false); // throws: unknown
        }
        var users = UsersOf(name, await vms.ListAsync(ct).ConfigureAwait(false));
        if (users.Count > 0) throw new TemplateInUseException(name, users);
        await templates.DeleteAsync(name, ct).ConfigureAwait(false);
        compute.Templates.Delete(name);
    }

    private static VmRunningException Running(string vm) =>
        new(vm, $"VM '{vm}' is running: shut it down before making a template of it (its disk would change under the copy)");

    private static IReadOnlyList<string> UsersOf(string template, IReadOnlyList<VmView> all) =>
        [.. all.Where(v => v.Spec.Template == template).Select(v => v.Name).Order(StringComparer.Ordinal)];

    private async Task<TemplateView> BuiltViewAsync(TemplateInfo built, IReadOnlyList<VmView> all, CancellationToken ct)
    {
        var defaults = await ResolveAsync(built.Name, ct).ConfigureAwait(false);
        return new TemplateView
        {
            Name = built.Name, Kind = TemplateKind.Built, Description = $"built by images/{built.Name}/build", MinMemoryMiB = built.MinMemoryMiB,
            Cpus = defaults.Cpus, MemoryMiB = defaults.MemoryMiB, Boots = $"{built.Name}/{built.InputsSha256}",
            BaseDisk = await BaseDiskAsync(built.Name, ct).ConfigureAwait(false), Vms = UsersOf(built.Name, all),
        };
    }

    private async Task<TemplateView> UserViewAsync(UserTemplateSpec user, IReadOnlyList<VmView> all, CancellationToken ct) => new()
    {
        Name = user.Name, Kind = TemplateKind.User, Description = user.Description, MinMemoryMiB = user.MinMemoryMiB, Cpus = user.Cpus,
        MemoryMiB = user.MemoryMiB, UserData = user.UserData, SourceVm = user.SourceVm, Boots = user.Boots, CreatedAt = user.CreatedAt,
        BaseDisk = compute.Templates.FindUser(user.Name) is null ? null : await BaseDiskAsync(user.Name, ct).ConfigureAwait(false),
        Vms = UsersOf(user.Name, all),
    };

    private async Task<BaseDiskView> BaseDiskAsync(string name, CancellationToken ct)
    {
        var disk = await compute.Templates.DescribeDiskAsync(name, ct).ConfigureAwait(false);
        return new BaseDiskView(disk.Path, disk.VirtualBytes, disk.AllocatedBytes);
    }
}
