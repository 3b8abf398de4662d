using System.Text;

namespace PrivateEnv.Kernel;

/// <summary>
/// Sends what local cells write to Console.Out / Console.Error to the cell that is running now.
/// Text is buffered until a newline or the end of the cell so one Write is not one message.
/// </summary>
public sealed class OutputRouter
{
    private readonly object gate = new();
    private CellOutput? current;

    public OutputRouter()
    {
        Stdout = new CellWriter(this, "stdout");
        Stderr = new CellWriter(this, "stderr");
    }

    public CellWriter Stdout { get; }
    public CellWriter Stderr { get; }

    public CellOutput? Current
    {
        get { lock (gate) return current; }
    }

    public void Begin(CellOutput output)
    {
        lock (gate) current = output;
    }

    public void End()
    {
        Flush();
        lock (gate) current = null;
    }

    public void Flush()
    {
        Stdout.Flush();
        Stderr.Flush();
    }

    public sealed class CellWriter(OutputRouter router, string name) : TextWriter
    {
        private readonly StringBuilder buffer = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (buffer) buffer.Append(value);
            if (value == '\n') Flush();
        }

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            lock (buffer) buffer.Append(value);
            if (value.Contains('\n')) Flush();
        }

        public override void Flush()
        {
            string text;
            lock (buffer)
            {
                text = buffer.ToString();
                buffer.Clear();
            }
            // Output written when no cell runs (a stray background task) has no cell to go to.
            if (text.Length > 0) router.Current?.Stream(name, text);
        }
    }
}
