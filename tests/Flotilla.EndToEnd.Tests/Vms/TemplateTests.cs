using System.Text.Json.Nodes;
using Flotilla.Testing;

namespace Flotilla.EndToEnd.Tests.Vms;

/// <summary>User templates through the CLI and real guests: made from a stopped VM, cloned linked or full, in use until its VMs go.</summary>
[Collection(VmCollection.Name)]
public sealed class TemplateTests(DaemonFixture daemon)
{
    /// <summary>
    /// Writes the page once per disk (the first guest's hostname) and, on every first boot of an instance, who is running
    /// now; a per-boot script serves both from the data disk.
    /// </summary>
    private const string UserData = """
        #!/bin/sh
        mkdir -p /data/www /data/cloud/scripts/per-boot
        [ -f /data/www/index.html ] || echo "Made in $(hostname)" > /data/www/index.html
        hostname > /data/www/host
        printf '#!/bin/sh\nhttpd -p 80 -h /data/www\n' > /data/cloud/scripts/per-boot/web
        chmod +x /data/cloud/scripts/per-boot/web
        exec /data/cloud/scripts/per-boot/web

        """;

    [Fact]
    public async Task A_template_of_a_stopped_vm_carries_its_disk_content_to_linked_and_full_clones_under_new_identities()
    {
        var userData = Path.Combine(daemon.Dir, "tp-web.sh");
        await File.WriteAllTextAsync(userData, UserData.Replace("\r", "", StringComparison.Ordinal));
        var sourcePort = FreePort.Tcp();
        var linkedPort = FreePort.Tcp();
        try
        {
            var source = (await daemon.JsonAsync("vm", "create", "tp-src", "--template", "tiny-web", "--memory", "96", "--user-data", userData, "--forward", $"{sourcePort}:80"))["spec"]!;
            await daemon.OkAsync("vm", "start", "tp-src");
            await DaemonFixture.WaitForPageAsync(sourcePort, "Made in tp-src");
            Assert.Contains("VM 'tp-src' is running: shut it down before making a template of it", await daemon.FailsAsync(1, "template", "create", "tp-gold", "--from-vm", "tp-src"));
            await daemon.OkAsync("vm", "shutdown", "tp-src");

            var template = await daemon.JsonAsync("template", "create", "tp-gold", "--from-vm", "tp-src", "--description", "a web page on its data disk");
            Assert.Equal("user", template["kind"]!.GetValue<string>());
            Assert.Equal(96, template["memoryMiB"]!.GetValue<int>());
            Assert.Equal("tp-src", template["sourceVm"]!.GetValue<string>());
            var baseDisk = template["baseDisk"]!["file"]!.GetValue<string>();
            Assert.Null((await CliChecks.QemuImgInfoAsync(baseDisk))["backing-filename"]); // flattened
            var list = await daemon.OkAsync("template", "list");
            Assert.Contains(list.Split('\n'), l => l.StartsWith("tiny-web ", StringComparison.Ordinal) && l.Contains(" built "));
            Assert.Contains(list.Split('\n'), l => l.StartsWith("tp-gold ", StringComparison.Ordinal) && l.Contains(" user ") && l.Contains("96 MiB") && l.Contains("64.0 MiB"));

            // No flags: cpus, memory and user data come from the template; identity never does.
            var linked = (await daemon.JsonAsync("vm", "create", "tp-linked", "--template", "tp-gold", "--forward", $"{linkedPort}:80"))["spec"]!;
            Assert.Equal(96, linked["memoryMiB"]!.GetValue<int>());
            Assert.Equal(source["userData"]!.GetValue<string>(), linked["userData"]!.GetValue<string>());
            Assert.NotEqual(source["mac"]!.GetValue<string>(), linked["mac"]!.GetValue<string>());
            Assert.NotEqual(source["instanceId"]!.GetValue<string>(), linked["instanceId"]!.GetValue<string>());
            await daemon.OkAsync("vm", "create", "tp-full", "--template", "tp-gold", "--full-clone", "--memory", "64");

            var linkedDisk = (await daemon.JsonAsync("vm", "show", "tp-linked"))["disk"]!["file"]!.GetValue<string>();
            var fullDisk = (await daemon.JsonAsync("vm", "show", "tp-full"))["disk"]!["file"]!.GetValue<string>();
            Assert.Equal(baseDisk, (await CliChecks.QemuImgInfoAsync(linkedDisk))["backing-filename"]!.GetValue<string>());
            Assert.Null((await CliChecks.QemuImgInfoAsync(fullDisk))["backing-filename"]);

            // The clone serves the page the source wrote to its disk, and its user-data ran again under its own name.
            await daemon.OkAsync("vm", "start", "tp-linked");
            Assert.Contains("Made in tp-src", await DaemonFixture.WaitForPageAsync(linkedPort, "Made in"));
            Assert.Equal("tp-linked", (await DaemonFixture.WaitForPageAsync(linkedPort, "tp-linked", "/host")).Trim());

            Assert.Contains("template 'tp-gold' is in use by VMs tp-full, tp-linked", await daemon.FailsAsync(1, "template", "delete", "tp-gold"));
            Assert.Contains("template 'tiny-web' is built", await daemon.FailsAsync(1, "template", "delete", "tiny-web"));
            Assert.Contains("a template named 'tp-gold' already exists", await daemon.FailsAsync(1, "template", "create", "tp-gold", "--from-vm", "tp-src"));
            Assert.Contains("'tiny-web' is a built template's name", await daemon.FailsAsync(1, "template", "create", "tiny-web", "--from-vm", "tp-src"));
            Assert.Contains("no VM named 'nope'", await daemon.FailsAsync(2, "template", "create", "tp-x", "--from-vm", "nope"));
            Assert.Contains("invalid template name", await daemon.FailsAsync(2, "template", "create", "TP", "--from-vm", "tp-src"));
            Assert.Contains("no template named 'nope'", await daemon.FailsAsync(2, "template", "show", "nope"));
            Assert.Contains("memory must be 64 to", await daemon.FailsAsync(2, "vm", "create", "tp-x", "--template", "tp-gold", "--memory", "32"));

            await daemon.RemoveVmsAsync("tp-linked", "tp-full");
            await daemon.OkAsync("template", "delete", "tp-gold");
            Assert.False(Directory.Exists(Path.GetDirectoryName(Path.GetDirectoryName(baseDisk))));
            Assert.DoesNotContain("tp-gold", await daemon.OkAsync("template", "list"));
        }
        finally
        {
            await daemon.RemoveVmsAsync("tp-linked", "tp-full", "tp-src", "tp-x");
            await daemon.Http.DeleteAsync("/v1/templates/tp-gold");
        }
    }
}
