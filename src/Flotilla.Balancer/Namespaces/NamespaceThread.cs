using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Flotilla.Balancer.Namespaces.NamespaceSyscalls;

namespace Flotilla.Balancer.Namespaces;

/// <summary>
/// A thread that enters one network namespace for good and then does nothing but <c>socket(2)</c>
/// on request. Threads inherit the namespace of the thread that creates them, so no runtime code
/// may run here that could start one: a <c>new Socket</c> would start the socket engine's threads
/// inside the VM network, a completed task could make the thread pool add a worker here, and
/// every "host" socket those threads made later would silently land in the VM network. Hence the
/// loop only makes inlined libc calls, allocates nothing and never touches a task, a lock or the
/// thread pool: requests and replies cross over two blocking eventfds, the descriptors come back
/// in native memory, and the caller (a host thread) wraps each into a <c>Socket</c>.
/// </summary>
/// <remarks>
/// One thread per namespace rather than one thread that switches with <c>setns</c> there and back:
/// a thread that never leaves cannot be stranded in the wrong namespace by a failed switch back,
/// and it costs one parked thread (a 256 KiB stack) per network the config names.
/// </remarks>
internal sealed unsafe class NamespaceThread : IDisposable
{
    /// <summary>The name every namespace thread carries, which tests audit threads by.</summary>
    public const string ThreadName = "flotilla-netns";

    /// <summary>The most sockets one request makes (see <see cref="SpareSockets"/>).</summary>
    public const int MaxBatch = 16;

    private readonly int _request;
    private readonly int _reply;
    private readonly Thread _thread;
    private readonly Lock _gate = new();

    // The mailbox: written by a caller under _gate before it signals _request, by the thread
    // before it signals _reply. One request at a time (the gate), so the eventfds never queue.
    private readonly int _namespaceFd;
    private int _domain;
    private int _type;
    private int _protocol;
    private int _count;
    private readonly int* _made;
    private int _result;
    private int _stopping;
    private int _exited;
    private bool _disposed;

    private NamespaceThread(int namespaceFd)
    {
        _request = EventFd(0, EFD_CLOEXEC);
        _reply = EventFd(0, EFD_CLOEXEC);
        if (_request < 0 || _reply < 0)
        {
            var errno = *ErrnoLocation();
            CloseEventFds();
            throw new NetworkNamespaceException($"eventfd: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        // Stubs and code the thread will run are prepared here, in the host namespace: nothing is
        // compiled or bound over there.
        Marshal.PrelinkAll(typeof(NamespaceSyscalls));
        RuntimeHelpers.PrepareMethod(typeof(NamespaceThread).GetMethod(nameof(Run), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.MethodHandle);
        _namespaceFd = namespaceFd;
        _made = (int*)NativeMemory.Alloc(MaxBatch, sizeof(int));
        _thread = new Thread(Run, maxStackSize: 256 * 1024) { IsBackground = true, Name = ThreadName };
    }

    /// <summary>Starts the thread and waits until it is inside the namespace of <paramref name="namespaceFd"/>.</summary>
    /// <exception cref="NetworkNamespaceException">setns(2) refused (e.g. no CAP_SYS_ADMIN).</exception>
    public static NamespaceThread Start(int namespaceFd)
    {
        var thread = new NamespaceThread(namespaceFd);
        thread._thread.Start();
        thread.WaitForReply();
        var error = Volatile.Read(ref thread._result);
        if (error != 0)
        {
            thread._thread.Join();
            thread.Release();
            throw new NetworkNamespaceException($"setns: {Marshal.GetPInvokeErrorMessage(error)}{(error == 1 ? " (entering a network namespace needs CAP_SYS_ADMIN)" : "")}");
        }

        return thread;
    }

    /// <summary>
    /// Up to <paramref name="fds"/>.Length (at most <see cref="MaxBatch"/>) socket(2)s inside the
    /// namespace. Blocks the calling thread for one round trip to the namespace thread (two
    /// eventfd wake-ups). Returns how many were made (at least one), or -errno when none was;
    /// -ENETDOWN once the thread has stopped (its network was dropped from the config).
    /// </summary>
    public int CreateSockets(int domain, int type, int protocol, Span<int> fds)
    {
        lock (_gate)
        {
            if (_disposed || Volatile.Read(ref _exited) != 0)
            {
                return -ENETDOWN;
            }

            _domain = domain;
            _type = type;
            _protocol = protocol;
            _count = Math.Clamp(fds.Length, 1, MaxBatch);
            Signal(_request);
            WaitForReply();
            var made = Volatile.Read(ref _exited) != 0 ? -ENETDOWN : Volatile.Read(ref _result);
            for (var i = 0; i < made; i++)
            {
                fds[i] = _made[i];
            }

            return made;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Volatile.Write(ref _stopping, 1);
            Signal(_request);
        }

        _thread.Join();
        Release();
    }

    /// <summary>
    /// The thread's whole life. No try block (the JIT does not inline P/Invokes inside one), no
    /// allocation, no call into managed code once <c>setns</c> succeeded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private void Run()
    {
        ulong token = 1;
        if (SetNs(_namespaceFd, CLONE_NEWNET) != 0)
        {
            Volatile.Write(ref _result, *ErrnoLocation());
            Volatile.Write(ref _exited, 1);
            Write(_reply, &token, sizeof(ulong));
            return;
        }

        Volatile.Write(ref _result, 0);
        Write(_reply, &token, sizeof(ulong));
        while (true)
        {
            ulong count;
            if (Read(_request, &count, sizeof(ulong)) != sizeof(ulong))
            {
                if (*ErrnoLocation() == EINTR)
                {
                    continue;
                }

                break;
            }

            if (Volatile.Read(ref _stopping) != 0)
            {
                break;
            }

            // A failure after the first socket (EMFILE, say) returns the ones made; the caller
            // meets the error on its next request.
            var made = 0;
            var error = 0;
            while (made < _count)
            {
                var fd = NamespaceSyscalls.Socket(_domain, _type, _protocol);
                if (fd < 0)
                {
                    error = *ErrnoLocation();
                    break;
                }

                _made[made++] = fd;
            }

            Volatile.Write(ref _result, made > 0 ? made : -error);
            Write(_reply, &token, sizeof(ulong));
        }

        // Wakes a caller that raced the exit; it then sees _exited.
        Volatile.Write(ref _exited, 1);
        Write(_reply, &token, sizeof(ulong));
    }

    private static void Signal(int eventFd)
    {
        ulong one = 1;
        while (Write(eventFd, &one, sizeof(ulong)) < 0 && *ErrnoLocation() == EINTR)
        {
        }
    }

    private void WaitForReply()
    {
        ulong count;
        while (Read(_reply, &count, sizeof(ulong)) < 0 && *ErrnoLocation() == EINTR)
        {
        }
    }

    private void Release()
    {
        NativeMemory.Free(_made);
        CloseEventFds();
    }

    private void CloseEventFds()
    {
        if (_request >= 0)
        {
            Close(_request);
        }

        if (_reply >= 0)
        {
            Close(_reply);
        }
    }
}
