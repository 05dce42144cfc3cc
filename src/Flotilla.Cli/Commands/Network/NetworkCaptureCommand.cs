using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Flotilla.Cli.Commands.Network;

/// <summary>
/// <c>flotilla network capture NAME [--vm VM] [--filter EXPR] -w FILE [--count N] [--duration 30s]</c>: tcpdump inside
/// the network's namespace, on the bridge (every frame of the segment) or on one VM's tap, into a pcap file; bounded
/// by count and time, whichever comes first.
/// </summary>
internal static class NetworkCaptureCommand
{
    public static Command Create(ApiOptions api)
    {
        var name = NetworkCommand.NameArgument();
        var vm = new Option<string?>("--vm") { Description = "Capture on this VM's NIC on the network (default: the whole bridge)" };
        var filter = new Option<string?>("--filter") { Description = "A pcap filter expression, e.g. \"tcp port 80\"" };
        var file = new Option<string>("--write", "-w") { Description = "The pcap file to write", Required = true };
        var count = new Option<int>("--count", "-c") { Description = "Stop after this many packets", DefaultValueFactory = _ => 1000 };
        var duration = new Option<string>("--duration") { Description = "Stop after this long (e.g. 10s, 2m)", DefaultValueFactory = _ => "30s" };
        var command = new Command("capture", "Capture packets inside the network into a pcap file (tcpdump), bounded by count and time") { name, vm, filter, file, count, duration };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var limit = ParseDuration(parse.GetValue(duration)!);
            var packets = parse.GetValue(count);
            if (packets < 1) throw new UserInputException($"--count must be at least 1 (got {packets})");
            using var client = api.CreateClient(parse);
            var network = (await client.GetNetworkAsync(parse.GetValue(name)!, cancellationToken).ConfigureAwait(false)).Value;
            var iface = "br0";
            if (parse.GetValue(vm) is { } vmName)
            {
                iface = network.Ports.FirstOrDefault(p => p.Vm == vmName)?.Tap
                    ?? throw new UserInputException($"VM '{vmName}' has no NIC on network '{network.Name}'");
            }
            var path = Path.GetFullPath(parse.GetValue(file)!);
            List<string> arguments = ["tcpdump", "-i", iface, "-U", "-n", "-w", path, "-c", packets.ToString(CultureInfo.InvariantCulture)];
            if (parse.GetValue(filter) is { Length: > 0 } expression) arguments.Add(expression);
            using var process = NamespaceProcess.Start(network.Namespace, arguments);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(limit);
            try
            {
                await process.WaitForExitAsync(timer.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // tcpdump writes out what it has and prints its counts on SIGINT, as after Ctrl-C at a terminal.
                _ = Kill(process.Id, 2);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                return cancellationToken.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Ok;
            }
            return process.ExitCode;
        });
        return command;
    }

    private static TimeSpan ParseDuration(string text)
    {
        var unit = text.Length > 0 ? text[^1] : ' ';
        if (double.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            switch (unit)
            {
                case 's': return TimeSpan.FromSeconds(value);
                case 'm': return TimeSpan.FromMinutes(value);
                case 'h': return TimeSpan.FromHours(value);
            }
        }
        throw new UserInputException($"invalid --duration '{text}': write e.g. 10s, 2m or 1h");
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
