using System.Collections.Concurrent;
using PrivateEnv.Privacy;
using PrivateEnv.Sandbox.Protocol;

namespace PrivateEnv.Worker;

/// <summary>
/// Charges the server's ledger and waits for its answer: the noisy result is computed only
/// after the ledger has durably recorded the charge.
/// </summary>
internal sealed class WorkerCharger(FramedChannel<FromWorker, ToWorker> channel, Func<string> currentCellId) : IPrivacyCharger
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ChargeReply>> pending = new();
    private long nextId;

    public void Charge(PrivacyCharge charge)
    {
        charge.Validate();
        var id = Interlocked.Increment(ref nextId);
        var reply = new TaskCompletionSource<ChargeReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        channel.Write(new FromWorker
        {
            Charge = new ChargeRequest
            {
                RequestId = id,
                CellId = currentCellId(),
                Description = charge.Description,
                Epsilon = charge.Epsilon,
                Delta = charge.Delta,
                EventJson = charge.Event.ToJson(),
            },
        });
        var answer = reply.Task.GetAwaiter().GetResult();
        // The ledger's own words reach the analyst: they name the budget that refused (session or lifetime, ε or δ).
        if (!answer.Granted)
            throw answer.Refusal is { } refusal
                ? new BudgetExceededException(refusal.FromWire())
                : new BudgetExceededException(string.IsNullOrEmpty(answer.Error) ? "The charge was refused; nothing was released or spent." : answer.Error);
    }

    public void Complete(ChargeReply reply)
    {
        if (pending.TryRemove(reply.RequestId, out var waiter)) waiter.TrySetResult(reply);
    }

    public void FailAll(Exception reason)
    {
        foreach (var id in pending.Keys)
            if (pending.TryRemove(id, out var waiter)) waiter.TrySetException(reason);
    }
}
