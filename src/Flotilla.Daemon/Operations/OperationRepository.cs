using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Flotilla.Api.Operations;
using Flotilla.Api.Stacks;
using Flotilla.Daemon.Api;
using Flotilla.Daemon.Stacks;
using Flotilla.Store;

namespace Flotilla.Daemon.Operations;

/// <summary>
/// Operations in the store: each under <c>operations/ID</c>, and the stack it holds under <c>stacks/busy/STACK</c> (its
/// id) from the moment it is accepted until it ends. Taking a stack is one transaction that writes both only when no
/// other operation holds it: one operation per stack at a time, as Terraform's state lock, and in the store, so the
/// lock outlives a daemon's restart together with the operation that holds it, and holds for every host that shares
/// the store.
/// </summary>
internal sealed class OperationRepository(IStore store, TimeProvider time)
{
    public const string Prefix = "operations/";
    public const string BusyPrefix = "stacks/busy/";

    /// <summary>The newest this many ended operations are kept; older ones are pruned when one ends.</summary>
    public const int Kept = 100;

    /// <summary>Stores <paramref name="operation"/> and makes it the holder of its stack.</summary>
    /// <exception cref="StackBusyException">Another operation holds the stack.</exception>
    public async Task ClaimAsync(StoredOperation operation, CancellationToken ct)
    {
        var busy = BusyPrefix + operation.View.Stack;
        for (var attempt = 0; ; attempt++)
        {
            var result = await store.TxnAsync(new StoreTxn(
                [new StoreCompare(busy, 0)],
                [new StoreOp.Put(Prefix + operation.Id, Encode(operation)), new StoreOp.Put(busy, Encoding.UTF8.GetBytes(operation.Id))]), ct).ConfigureAwait(false);
            if (result.Succeeded) return;
            var holderId = result.Current.TryGetValue(busy, out var entry) ? Encoding.UTF8.GetString(entry.Value) : null;
            var holder = holderId is null ? null : await GetAsync(holderId, ct).ConfigureAwait(false);
            if (holder is { Ended: false }) throw new StackBusyException(holder.View);
            // The holder ended (or is gone) without freeing the stack: a daemon killed between the two writes. Freed here.
            if (attempt > 0 || entry is null) throw new StackBusyException(operation.View.Stack, holderId ?? "?");
            await store.DeleteAsync(busy, entry.ModRevision, ct).ConfigureAwait(false);
        }
    }

    public async Task<StoredOperation?> GetAsync(string id, CancellationToken ct)
    {
        if (!OperationIds.IsWellFormed(id)) return null;
        var entry = await store.GetAsync(Prefix + id, ct).ConfigureAwait(false);
        return entry is null ? null : Decode(entry.Value);
    }

    /// <summary>Every stored operation, oldest first (ids sort by when they were accepted).</summary>
    public async Task<IReadOnlyList<StoredOperation>> ListAsync(CancellationToken ct) =>
        [.. (await store.ListAsync(Prefix, ct).ConfigureAwait(false)).Entries.Select(e => Decode(e.Value))];

    /// <summary>Adds a progress line.</summary>
    public Task<StoredOperation> TellAsync(string id, StackProgress line, CancellationToken ct) => UpdateAsync(id, o => o.Tell(line), ct);

    /// <summary>Records how it ended (its last line told already) and frees its stack, in one transaction; then prunes.</summary>
    public async Task EndAsync(string id, OperationState state, string? error, CancellationToken ct)
    {
        while (true)
        {
            var entry = await store.GetAsync(Prefix + id, ct).ConfigureAwait(false) ?? throw new OperationNotFoundException(id);
            var operation = Decode(entry.Value);
            var ended = operation with { View = operation.View with { State = state, Ended = time.GetUtcNow(), Error = error, Step = operation.CurrentStep } };
            var busy = BusyPrefix + operation.View.Stack;
            var (holder, holds) = await BusyMarkAsync(operation, ct).ConfigureAwait(false);
            var result = await store.TxnAsync(new StoreTxn(
                [new StoreCompare(Prefix + id, entry.ModRevision), new StoreCompare(busy, holder?.ModRevision ?? 0)],
                holds ? [new StoreOp.Put(Prefix + id, Encode(ended)), new StoreOp.Delete(busy)] : [new StoreOp.Put(Prefix + id, Encode(ended))]), ct).ConfigureAwait(false);
            if (result.Succeeded) break;
        }
        await PruneAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Removes an operation that never began (its plan could not be made) and frees its stack: as if never asked.</summary>
    public async Task DiscardAsync(StoredOperation operation, CancellationToken ct)
    {
        var busy = BusyPrefix + operation.View.Stack;
        var (holder, holds) = await BusyMarkAsync(operation, ct).ConfigureAwait(false);
        var ops = new List<StoreOp> { new StoreOp.Delete(Prefix + operation.Id) };
        if (holds) ops.Add(new StoreOp.Delete(busy));
        await store.TxnAsync(new StoreTxn([new StoreCompare(busy, holder?.ModRevision ?? 0)], ops), ct).ConfigureAwait(false);
    }

    public async Task<StoredOperation> UpdateAsync(string id, Func<StoredOperation, StoredOperation> change, CancellationToken ct)
    {
        while (true)
        {
            var entry = await store.GetAsync(Prefix + id, ct).ConfigureAwait(false) ?? throw new OperationNotFoundException(id);
            var changed = change(Decode(entry.Value));
            try
            {
                await store.PutAsync(Prefix + id, Encode(changed), entry.ModRevision, ct).ConfigureAwait(false);
                return changed;
            }
            catch (StoreConflictException)
            {
                // Changed meanwhile: read again.
            }
        }
    }

    /// <summary>
    /// The operation's progress lines from the <paramref name="from"/>th (0-based) on: those told already, then each as
    /// it is told, until its last (<c>done</c> or <c>error</c>). Ends at once for an operation that ended.
    /// </summary>
    /// <exception cref="OperationNotFoundException">No operation has the id.</exception>
    public async IAsyncEnumerable<StackProgress> ProgressAsync(string id, int from, [EnumeratorCancellation] CancellationToken ct)
    {
        var next = Math.Max(0, from);
        while (true)
        {
            var entry = await store.GetAsync(Prefix + id, ct).ConfigureAwait(false) ?? throw new OperationNotFoundException(id);
            var operation = Decode(entry.Value);
            for (; next < operation.View.Progress.Count; next++) yield return operation.View.Progress[next];
            if (operation.Ended) yield break;
            var changes = store.WatchAsync(Prefix + id, entry.ModRevision + 1, ct).GetAsyncEnumerator(ct);
            try
            {
                while (true)
                {
                    StoreEvent change;
                    try
                    {
                        if (!await changes.MoveNextAsync().ConfigureAwait(false)) break;
                        change = changes.Current;
                    }
                    catch (StoreCompactedException)
                    {
                        break;   // Read it again, then watch from there.
                    }
                    if (change.Kind == StoreEventKind.Delete || change.Value is null) throw new OperationNotFoundException(id);
                    operation = Decode(change.Value);
                    for (; next < operation.View.Progress.Count; next++) yield return operation.View.Progress[next];
                    if (operation.Ended) yield break;
                }
            }
            finally
            {
                await changes.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The stack's busy mark, and whether it names <paramref name="operation"/> (only then may it free the stack).</summary>
    private async Task<(StoreEntry? Mark, bool Holds)> BusyMarkAsync(StoredOperation operation, CancellationToken ct)
    {
        var mark = await store.GetAsync(BusyPrefix + operation.View.Stack, ct).ConfigureAwait(false);
        return (mark, mark is not null && Encoding.UTF8.GetString(mark.Value) == operation.Id);
    }

    private async Task PruneAsync(CancellationToken ct)
    {
        var ended = (await ListAsync(ct).ConfigureAwait(false)).Where(o => o.Ended).ToList();
        foreach (var old in ended.Take(Math.Max(0, ended.Count - Kept))) await store.DeleteAsync(Prefix + old.Id, null, ct).ConfigureAwait(false);
    }

    private static byte[] Encode(StoredOperation operation) => JsonSerializer.SerializeToUtf8Bytes(operation, ApiJson.Options);

    private static StoredOperation Decode(byte[] value) => JsonSerializer.Deserialize<StoredOperation>(value, ApiJson.Options)!;
}
