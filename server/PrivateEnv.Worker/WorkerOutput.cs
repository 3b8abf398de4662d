using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Protocol;

namespace PrivateEnv.Worker;

/// <summary>Forwards a cell's released outputs to the server as they happen, within the cell's <see cref="CellOutputLimit"/>.</summary>
internal sealed class WorkerOutput(FramedChannel<FromWorker, ToWorker> channel, Func<string> currentCellId) : ICellOutput
{
    private readonly CellOutputLimit limit = new();

    /// <summary>A new cell starts with its whole output allowance.</summary>
    public void BeginCell() => limit.Reset();

    public void Stdout(string text) => SendOutput(new ExecuteEvent { Stdout = new StreamText { Text = text } });

    public void Display(IReadOnlyDictionary<string, string> mimeBundle, string? displayId = null)
    {
        var display = new DisplayData { DisplayId = displayId ?? "" };
        foreach (var (mime, content) in mimeBundle) display.Text[mime] = content;
        SendOutput(new ExecuteEvent { Display = display });
    }

    public void Export(string name, PortableValue value) => SendOutput(new ExecuteEvent { Export = value.ToExport(name) });

    /// <summary>Progress past the limit is dropped: it is transient, and failing a training run over it would waste its budget.</summary>
    public void Progress(string id, string label, double current, double total, string message)
    {
        var update = new ExecuteEvent { Progress = new Progress { Id = id, Label = label, Current = current, Total = total, Message = message } };
        if (limit.TryTake(update.CalculateSize())) Send(update);
    }

    private void SendOutput(ExecuteEvent cellEvent)
    {
        limit.Take(cellEvent.CalculateSize());
        Send(cellEvent);
    }

    /// <summary>Sends an event outside the cell's allowance (the host's error and completion events).</summary>
    public void Send(ExecuteEvent cellEvent)
    {
        cellEvent.CellId = currentCellId();
        channel.Write(new FromWorker { Event = cellEvent });
    }
}
