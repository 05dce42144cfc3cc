// Cost of making a backend socket inside a network namespace (one hand-off to the namespace's
// thread) against a plain new Socket, single-threaded and from two threads at once.
//   dotnet run -c Release --project bench/Flotilla.Balancer.Bench -- NAMESPACE [ITERATIONS]
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Flotilla.Balancer.Namespaces;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Flotilla.Balancer.Bench NAMESPACE [ITERATIONS]");
    return 2;
}

var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
using var network = NetworkNamespace.Enter(args[0]);

Socket Plain() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
Socket Namespaced() => network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

foreach (var threads in new[] { 1, 2 })
{
    foreach (var (name, make) in new (string, Func<Socket>)[] { ("plain new Socket", Plain), ("namespaced CreateSocket", Namespaced) })
    {
        Run(make, iterations / 10, threads); // warm-up: JIT, tiering
        var (perOp, cpuPerOp) = Run(make, iterations, threads);
        Console.WriteLine($"{name,-24} threads {threads}: {perOp,7:0.00} us/socket wall (per thread), {cpuPerOp,6:0.00} us CPU/socket (process)");
    }
}

return 0;

static (double PerOp, double CpuPerOp) Run(Func<Socket> make, int iterations, int threads)
{
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
    {
        for (var i = 0; i < iterations; i++)
        {
            make().Dispose();
        }
    })).ToList();
    workers.ForEach(t => t.Start());
    workers.ForEach(t => t.Join());
    var wall = clock.Elapsed.TotalMicroseconds / iterations;
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMicroseconds / (iterations * threads);
    return (wall, cpu);
}
