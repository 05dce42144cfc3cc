using System.Text.Json;
using Flotilla.Api.Json;
using Flotilla.Core.Vms;
using Flotilla.Daemon.Api;

namespace Flotilla.Daemon.Tests.Api;

/// <summary>
/// The daemon writes the API with its reflection options (<see cref="ApiJson"/>) and a client reads it with the
/// contract's source-generated context (<see cref="FlotillaApiJsonContext"/>): the two must agree byte for byte.
/// </summary>
public sealed class ApiJsonTests
{
    public static TheoryData<StackProgress, string> Lines => new()
    {
        { new StackPlanned("+ vm web\n"), """{"type":"plan","text":"\u002B vm web\n"}""" },
        {
            new StackStep { Text = "+ vm web", Action = "create", Kind = "vm", Name = "web", State = "started" },
            """{"type":"step","text":"\u002B vm web","action":"create","kind":"vm","name":"web","state":"started","seconds":null}"""
        },
        { new StackOutputs(new Dictionary<string, string> { ["url"] = "http://10.0.1.4/" }), """{"type":"outputs","outputs":{"url":"http://10.0.1.4/"}}""" },
        { new StackDone(), """{"type":"done"}""" },
        {
            new StackFailed("no template named 'x'", "https://flotilla.dev/problems/template-not-found"),
            """{"type":"error","text":"no template named \u0027x\u0027","problemType":"https://flotilla.dev/problems/template-not-found"}"""
        },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_progress_line_names_its_record_in_type_and_the_client_reads_back_that_record(StackProgress line, string wire)
    {
        var written = JsonSerializer.Serialize(line, ApiJson.Options);
        Assert.Equal(wire, written);

        var read = JsonSerializer.Deserialize(written, FlotillaApiJsonContext.Default.StackProgress)!;
        Assert.IsType(line.GetType(), read);
        Assert.Equal(written, JsonSerializer.Serialize(read, ApiJson.Options));
    }

    [Fact]
    public void A_line_whose_type_comes_last_still_reads_as_its_record()
    {
        var read = JsonSerializer.Deserialize("""{"text":"+ vm web","type":"plan"}""", FlotillaApiJsonContext.Default.StackProgress);

        Assert.Equal(new StackPlanned("+ vm web"), read);
    }

    [Fact]
    public void A_vm_the_daemon_writes_reads_back_through_the_client_context_unchanged()
    {
        var vm = new VmView("web-1", 12, new VmSpec
        {
            Name = "web-1", Template = "tiny-web", Mac = "52:54:00:ab:cd:ef", InstanceId = "i-1", Forwards = [new PortForward(18080, 80)],
            Power = PowerState.Running, OnCrash = CrashPolicy.Restart,
            Nics = [new VmNic { Network = "web", Address = "10.0.1.4", PrefixLength = 24, Mac = "52:54:00:00:00:01" }],
        }, new VmStatus { State = VmState.ShuttingDown, Host = "host-a", StartedAt = DateTimeOffset.UnixEpoch });
        var written = JsonSerializer.Serialize(vm, ApiJson.Options);
        Assert.Contains("\"forwards\":[\"18080:80\"]", written, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"shuttingDown\"", written, StringComparison.Ordinal);

        var read = JsonSerializer.Deserialize(written, FlotillaApiJsonContext.Default.VmView)!;

        Assert.Equal(written, JsonSerializer.Serialize(read, ApiJson.Options));
    }
}
