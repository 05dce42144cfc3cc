using System.CommandLine;
using Flotilla.Cli.Commands.Output;

namespace Flotilla.Cli.Commands.Template;

/// <summary><c>flotilla template list|show|create|delete</c>: built templates and user templates made from VMs (docs/cli.md).</summary>
internal static class TemplateCommand
{
    public static Command Create()
    {
        var api = new ApiOptions();
        var command = new Command("template", "Templates VMs are made from: built ones, and your own made from a stopped VM");
        api.AddTo(command);
        command.Subcommands.Add(List(api));
        command.Subcommands.Add(Show(api));
        command.Subcommands.Add(CreateTemplate(api));
        command.Subcommands.Add(Delete(api));
        return command;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The template's name (a DNS label)" };

    private static Command List(ApiOptions api)
    {
        var output = new OutputOption();
        var command = new Command("list", "List the templates, built and user: sizes, defaults and base disk");
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var templates = await client.ListTemplatesAsync(cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, templates.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteAsync(TemplateView.Table(templates.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(ApiOptions api)
    {
        var name = NameArgument();
        var output = new OutputOption();
        var command = new Command("show", "Show a template: what a VM made from it gets, its base disk, the VMs made from it") { name };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            var template = await client.GetTemplateAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, template.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteAsync(TemplateView.Details(template.Value)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateTemplate(ApiOptions api)
    {
        var name = NameArgument();
        var fromVm = new Option<string>("--from-vm") { Description = "The stopped VM whose definition and disk it keeps", Required = true };
        var description = new Option<string?>("--description") { Description = "A line saying what it is" };
        var output = new OutputOption();
        var command = new Command("create", "Make a template from a stopped VM: its cpus, memory and user data, and its disk flattened") { name, fromVm, description };
        output.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new CreateTemplateRequest { Name = parse.GetValue(name)!, FromVm = parse.GetValue(fromVm)!, Description = parse.GetValue(description) };
            using var client = api.CreateClient(parse);
            ApiResponse<Api.Templates.TemplateView> template;
            await using (Spinner.Start($"template {request.Name}: flattening the disk of {request.FromVm}"))
            {
                template = await client.CreateTemplateAsync(request, cancellationToken).ConfigureAwait(false);
            }
            if (output.Get(parse) == OutputFormat.Json) await JsonText.WriteAsync(Console.Out, template.Json, cancellationToken).ConfigureAwait(false);
            else await Console.Out.WriteLineAsync($"template {template.Value.Name} created from vm {request.FromVm}; make a VM of it with: flotilla vm create NAME --template {template.Value.Name}").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Delete(ApiOptions api)
    {
        var name = NameArgument();
        var command = new Command("delete", "Delete a user template no VM was made from") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = api.CreateClient(parse);
            await client.DeleteTemplateAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"template {parse.GetValue(name)} deleted").ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
