using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Protocol;

namespace PrivateEnv.Worker;

/// <summary>Forwards a cell's released outputs to the server as they happen (CellGlobals has already bounded them).</summary>
internal sealed class WorkerOutput(FramedChannel<FromWorker, ToWorker> channel, Func<string> currentCellId) : ICellOutput
{
    public void Stdout(string text) => Send(new ExecuteEvent { Stdout = new StreamText { Text = text } });

    public void Display(IReadOnlyDictionary<string, string> mimeBundle, string? displayId = null)
    {
        var display = new DisplayData { DisplayId = displayId ?? "" };
        foreach (var (mime, content) in mimeBundle) display.Text[mime] = content;
        Send(new ExecuteEvent { Display = display });
    }

    public void Export(string name, PortableValue value) => Send(new ExecuteEvent { Export = value.ToExport(name) });

    /// <summary>Cell progress (bounded by CellGlobals) and training progress (one update per epoch).</summary>
    public void Progress(string id, string label, double current, double total, string message) =>
        Send(new ExecuteEvent { Progress = new Progress { Id = id, Label = label, Current = current, Total = total, Message = message } });

    /// <summary>Sends an event of the running cell (outputs, and the host's error and completion events).</summary>
    public void Send(ExecuteEvent cellEvent)
    {
        cellEvent.CellId = currentCellId();
        channel.Write(new FromWorker { Event = cellEvent });
    }
}
