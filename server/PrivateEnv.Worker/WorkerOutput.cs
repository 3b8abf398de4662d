using Google.Protobuf;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Protocol;

namespace PrivateEnv.Worker;

/// <summary>Forwards a cell's released outputs to the server as they happen.</summary>
internal sealed class WorkerOutput(FramedChannel<FromWorker, ToWorker> channel, Func<string> currentCellId) : ICellOutput
{
    public void Stdout(string text) => Send(new CellEvent { Stdout = text });

    public void Display(IReadOnlyDictionary<string, string> mimeBundle, string? displayId = null)
    {
        var display = new Display { DisplayId = displayId ?? "" };
        foreach (var (mime, content) in mimeBundle) display.Text[mime] = content;
        Send(new CellEvent { Display = display });
    }

    public void Export(string name, string type, string encoding, byte[] payload) =>
        Send(new CellEvent { Export = new Export { Name = name, Type = type, Encoding = encoding, Payload = ByteString.CopyFrom(payload) } });

    public void Progress(string id, string label, double current, double total, string message) =>
        Send(new CellEvent { Progress = new ProgressUpdate { Id = id, Label = label, Current = current, Total = total, Message = message } });

    public void Send(CellEvent cellEvent)
    {
        cellEvent.CellId = currentCellId();
        channel.Write(new FromWorker { Event = cellEvent });
    }
}
