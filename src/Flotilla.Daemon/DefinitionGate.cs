namespace Flotilla.Daemon;

/// <summary>
/// One definition at a time on this host: creating, cloning or undefining nothing else meanwhile, a VM, a pool or a
/// template. What a definition checks (a name is free, a pool has room, no VM uses a template) stays true until it
/// is stored.
/// </summary>
internal sealed class DefinitionGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Exit(_gate);
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Exit(SemaphoreSlim gate) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
        }
    }
}
