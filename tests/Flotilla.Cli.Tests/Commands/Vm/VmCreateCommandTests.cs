using System.Text.Json;
using Flotilla.Cli.Tests.Support;

namespace Flotilla.Cli.Tests.Commands.Vm;

/// <summary><c>flotilla vm create</c>, then <c>list</c> and <c>show</c>, against the protocol fake.</summary>
public sealed class VmCreateCommandTests : IAsyncLifetime
{
    private FakeFlotillad _daemon = null!;
    private readonly string _dir = Directory.CreateTempSubdirectory("flotilla-cli-").FullName;

    public async Task InitializeAsync() => _daemon = await FakeFlotillad.StartAsync();

    public async Task DisposeAsync()
    {
        await _daemon.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Create_sends_the_spec_and_the_user_data_text_then_list_and_show_print_tables_and_json()
    {
        var userData = Path.Combine(_dir, "user-data.sh");
        await File.WriteAllTextAsync(userData, "#!/bin/sh\necho \"Hello from VM 1\" > /www/index.html\nhttpd\n");

        await using (var create = await Run("vm", "create", "web-1", "--template", "tiny-web", "--cpus", "2", "--memory", "96",
            "--user-data", userData, "--forward", "18080:80", "--forward", "18443:443", "--on-crash", "restart", "--autostart"))
        {
            FlotillaCli.AssertOk(create);
            Assert.Equal("vm web-1 created (stopped); start it with: flotilla vm start web-1", create.StandardOutput.Trim());
        }
        var body = Assert.Single(_daemon.CreateBodies);
        Assert.Equal("web-1", (string?)body["name"]);
        Assert.Equal("tiny-web", (string?)body["template"]);
        Assert.Equal(2, (int?)body["cpus"]);
        Assert.Equal(96, (int?)body["memoryMiB"]);
        Assert.Equal(await File.ReadAllTextAsync(userData), (string?)body["userData"]);
        Assert.Equal(["18080:80", "18443:443"], body["forwards"]!.AsArray().Select(f => (string)f!));
        Assert.Equal("restart", (string?)body["onCrash"]);
        Assert.Equal(true, (bool?)body["autostart"]);
        Assert.Equal(false, (bool?)body["transient"]);
        Assert.Equal(false, (bool?)body["fullClone"]);

        await using (var list = await Run("vm", "list"))
        {
            FlotillaCli.AssertOk(list);
            var lines = list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.Equal(["NAME", "STATE", "POWER", "CPUS", "MEMORY", "TEMPLATE", "FORWARDS", "ADDRESSES", "FLAGS"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal(["web-1", "stopped", "stopped", "2", "96", "MiB", "tiny-web", "18080->80,18443->443", "-", "autostart,on-crash=restart"],
                lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            // Aligned: every column starts where its header does.
            Assert.Equal(lines[0].IndexOf("TEMPLATE", StringComparison.Ordinal), lines[1].IndexOf("tiny-web", StringComparison.Ordinal));
        }

        await using (var list = await Run("vm", "list", "-o", "json"))
        {
            FlotillaCli.AssertOk(list);
            using var json = JsonDocument.Parse(list.StandardOutput);
            var vm = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal("web-1", vm.GetProperty("name").GetString());
            Assert.Equal("stopped", vm.GetProperty("status").GetProperty("state").GetString());
        }

        await using (var show = await Run("vm", "show", "web-1"))
        {
            FlotillaCli.AssertOk(show);
            var fields = show.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(l => l[..l.IndexOf(':', StringComparison.Ordinal)], l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim());
            Assert.Equal("web-1", fields["name"]);
            Assert.Equal("stopped", fields["state"]);
            Assert.Equal("stopped (wanted)", fields["power"]);
            Assert.Equal("96 MiB", fields["memory"]);
            Assert.Equal("127.0.0.1:18080->80, 127.0.0.1:18443->443", fields["forwards"]);
            Assert.Equal("restart", fields["on crash"]);
            Assert.Equal("tiny-web (linked clone)", fields["template"]);
        }

        await using (var show = await Run("vm", "show", "web-1", "--output", "json"))
        {
            FlotillaCli.AssertOk(show);
            using var json = JsonDocument.Parse(show.StandardOutput);
            Assert.Equal(96, json.RootElement.GetProperty("spec").GetProperty("memoryMiB").GetInt32());
            Assert.Equal("52:54:00:ab:cd:ef", json.RootElement.GetProperty("spec").GetProperty("mac").GetString());
            // Printed as the API sent it: nulls stay.
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("spec").GetProperty("balloonTargetMiB").ValueKind);
        }
    }

    [Fact]
    public async Task A_transient_vm_is_created_running_and_the_command_waits_for_it()
    {
        _daemon.ReconcileDelay = TimeSpan.FromSeconds(1);
        await using var create = await Run("vm", "create", "tmp-1", "--template", "tiny-web", "--transient", "-o", "json");
        FlotillaCli.AssertOk(create);
        using var json = JsonDocument.Parse(create.StandardOutput);
        Assert.Equal("running", json.RootElement.GetProperty("status").GetProperty("state").GetString());
        Assert.True(json.RootElement.GetProperty("spec").GetProperty("transient").GetBoolean());
    }

    [Fact]
    public async Task Cpus_and_memory_left_out_are_the_templates_to_choose_and_the_pool_is_sent_when_given()
    {
        await using var create = await Run("vm", "create", "web-9", "--template", "tiny-web", "--pool", "fast");
        FlotillaCli.AssertOk(create);

        var body = Assert.Single(_daemon.CreateBodies);
        Assert.False(body.ContainsKey("cpus"));
        Assert.False(body.ContainsKey("memoryMiB"));
        Assert.Equal("fast", (string?)body["pool"]);
    }

    [Fact]
    public async Task An_empty_host_lists_no_vms()
    {
        await using var list = await Run("vm", "list");
        FlotillaCli.AssertOk(list);
        Assert.StartsWith("no VMs", list.StandardOutput);
        await using var json = await Run("vm", "list", "-o", "json");
        Assert.Equal("[]", json.StandardOutput.Trim());
    }

    [Theory]
    [InlineData("--forward: '18080' is not HOSTPORT:GUESTPORT", "--forward", "18080")]
    [InlineData("--forward: '18080:http' is not HOSTPORT:GUESTPORT", "--forward", "18080:http")]
    [InlineData("--forward: '70000:80' is not HOSTPORT:GUESTPORT", "--forward", "18080:80", "--forward", "70000:80")]
    [InlineData("--user-data: cannot read '/nonexistent/user-data': no such file", "--user-data", "/nonexistent/user-data")]
    [InlineData("--on-crash", "--on-crash", "reboot")]
    [InlineData("--timeout: 'soon' is not a duration", "--timeout", "soon")]
    public async Task Bad_input_is_refused_in_one_line_with_exit_2_before_anything_is_sent(string mentions, params string[] flags)
    {
        await using var cli = await Run(["vm", "create", "web-1", "--template", "tiny-web", .. flags]);
        Assert.Contains(mentions, FlotillaCli.AssertOneErrorLine(cli, 2));
        Assert.Equal(0, _daemon.Requests);
    }

    [Fact]
    public async Task A_missing_template_flag_is_a_parse_error_in_one_line()
    {
        await using var cli = await Run("vm", "create", "web-1");
        Assert.Contains("--template", FlotillaCli.AssertOneErrorLine(cli, 2));
    }

    [Theory]
    [InlineData("'Web_1' is not a DNS label (lowercase letters, digits, dashes)", "Web_1", "tiny-web", "128")]
    [InlineData("no template named 'huge-web' on host host-test", "web-1", "huge-web", "128")]
    [InlineData("memory 32 MiB is below the image's minimum of 64 MiB", "web-1", "tiny-web", "32")]
    public async Task The_daemons_400_and_404_exit_2_with_its_detail(string detail, string name, string template, string memory)
    {
        await using var cli = await Run("vm", "create", name, "--template", template, "--memory", memory);
        Assert.Equal("flotilla: " + detail, FlotillaCli.AssertOneErrorLine(cli, 2));
    }

    [Fact]
    public async Task A_taken_name_is_a_409_which_exits_1()
    {
        _daemon.Add("web-1");
        await using var cli = await Run("vm", "create", "web-1", "--template", "tiny-web");
        Assert.Equal("flotilla: a VM named 'web-1' exists on host host-test", FlotillaCli.AssertOneErrorLine(cli, 1));
    }

    private Task<Flotilla.Testing.LauncherProcess> Run(params string[] args) => FlotillaCli.RunAsync([.. args, "--endpoint", _daemon.UnixEndpoint]);
}
