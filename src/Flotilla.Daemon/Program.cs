using System.CommandLine;
using Flotilla.Core.Naming;
using Flotilla.Daemon.Hosting;
using Flotilla.Store;

var dataDirOption = new Option<string>("--data-dir") { Description = "Where this host keeps its state, VMs and disks", Required = true };
var listenOption = new Option<string>("--listen") { Description = "unix:/PATH.sock (default) or http://127.0.0.1:PORT (bearer token required)", DefaultValueFactory = _ => ListenAddress.Default };
var hostOption = new Option<string>("--host") { Description = "This host's name (default: the machine's hostname)", DefaultValueFactory = _ => Environment.MachineName.ToLowerInvariant() };
var storeOption = new Option<string?>("--store") { Description = "sqlite:PATH (default: sqlite:DATA_DIR/state.db); etcd:URL is not supported yet" };
var root = new RootCommand("flotillad: the Flotilla host daemon (API, reconciler, QEMU)") { dataDirOption, listenOption, hostOption, storeOption };
root.SetAction(async (parse, cancellationToken) =>
{
    ListenAddress listen;
    string host;
    StoreLocation? storeLocation;
    try
    {
        listen = ListenAddress.Parse(parse.GetValue(listenOption)!);
        host = ResourceName.Validate(parse.GetValue(hostOption), "host");
        storeLocation = parse.GetValue(storeOption) is { } storeText ? StoreLocation.Parse(storeText) : null;
    }
    catch (Exception e) when (e is ArgumentException or InvalidNameException)
    {
        await Console.Error.WriteLineAsync($"flotillad: {e.Message}");
        return 2;
    }
    var dataDir = Path.GetFullPath(parse.GetValue(dataDirOption)!);
    Directory.CreateDirectory(dataDir);
    DataDirLock dirLock;
    try
    {
        dirLock = DataDirLock.Acquire(dataDir);
    }
    catch (InvalidOperationException e)
    {
        await Console.Error.WriteLineAsync($"flotillad: {e.Message}");
        return 1;
    }
    using (dirLock)
    {
        if (listen.IsUnix)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(listen.SocketPath)!);
            // We hold the data dir's lock, so a socket file left here is a dead daemon's.
            if (File.Exists(listen.SocketPath)) File.Delete(listen.SocketPath);
        }
        IStore store;
        try
        {
            store = await StoreFactory.OpenAsync(storeLocation ?? StoreLocation.Default(dataDir), cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            await Console.Error.WriteLineAsync($"flotillad: {e.Message}");
            return 1;
        }
        await using var openedStore = store; // disposed last, after the host that uses it
        await using var app = DaemonHost.Build(dataDir, listen, host, store);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"flotillad: cannot listen on {listen}: {e.Message}");
            return 1;
        }
        if (listen.IsUnix && !OperatingSystem.IsWindows()) File.SetUnixFileMode(listen.SocketPath!, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await Console.Error.WriteLineAsync($"flotillad: host {host}, data {dataDir}, listening on {listen}");
        await app.WaitForShutdownAsync(CancellationToken.None);
        if (listen.IsUnix && File.Exists(listen.SocketPath)) File.Delete(listen.SocketPath);
        return 0;
    }
});
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    await Console.Error.WriteLineAsync($"flotillad: {string.Join(" ", parsed.Errors[0].Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");
    return 2;
}
return await parsed.InvokeAsync();
