using System.Collections.Concurrent;
using System.Text.Json;
using PrivateEnv.DataFrame;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Privacy;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Protocol;
using PrivateEnv.Sandbox.Release;
using PrivateEnv.Sandbox.Verification;

namespace PrivateEnv.Worker;

/// <summary>
/// The worker's life: receive Init (datasets), load them as private frames, then run cells
/// one at a time on a dedicated thread while a reader loop routes the server's replies.
/// Or, at server start, receive ValidateDatasets, answer and exit (<see cref="DatasetValidation"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per worker process, alive until the process exits.")]
internal sealed class WorkerHost
{
    private readonly FramedChannel<FromWorker, ToWorker> channel;
    private readonly BlockingCollection<Action> cellQueue = new();
    private readonly WorkerCharger charger;
    private readonly WorkerOutput output;
    private string currentCellId = "";
    private CellSession? session;

    public WorkerHost(Stream stream)
    {
        channel = new FramedChannel<FromWorker, ToWorker>(stream, ToWorker.Parser, FramedChannel<FromWorker, ToWorker>.MaxToWorkerBytes);
        charger = new WorkerCharger(channel, () => currentCellId);
        output = new WorkerOutput(channel, () => currentCellId);
    }

    public async Task<int> RunAsync()
    {
        var first = await channel.ReadAsync();
        if (first?.KindCase == ToWorker.KindOneofCase.Validate)
        {
            await channel.WriteAsync(new FromWorker { Validated = DatasetValidation.Validate(first.Validate) });
            return 0;
        }
        if (first?.KindCase != ToWorker.KindOneofCase.Init) return 3;
        var cellThread = new Thread(CellLoop, maxStackSize: 16 * 1024 * 1024) { IsBackground = true, Name = "cells" };
        cellThread.Start();
        cellQueue.Add(() => Initialise(first.Init));
        try
        {
            while (await channel.ReadAsync() is { } message)
            {
                switch (message.KindCase)
                {
                    case ToWorker.KindOneofCase.Run:
                        var run = message.Run;
                        cellQueue.Add(() => RunCell(run));
                        break;
                    case ToWorker.KindOneofCase.ChargeReply:
                        charger.Complete(message.ChargeReply);
                        break;
                    case ToWorker.KindOneofCase.Import:
                        var import = message.Import;
                        cellQueue.Add(() => Import(import));
                        break;
                    case ToWorker.KindOneofCase.Shutdown:
                        return 0;
                }
            }
        }
        finally
        {
            charger.FailAll(new IOException("The server closed the worker channel."));
            cellQueue.CompleteAdding();
        }
        return 0;
    }

    /// <summary>How long the worker waits after its last work before returning its free memory to the system.</summary>
    private const int IdleBeforeCompactionMs = 2000;

    private void CellLoop()
    {
        var compacted = true;
        while (!cellQueue.IsCompleted)
        {
            if (cellQueue.TryTake(out var work, compacted ? Timeout.Infinite : IdleBeforeCompactionMs))
            {
                work();
                compacted = false;
            }
            else if (!compacted)
            {
                // Idle (a ready worker after its warm-up, a session between cells): compact the heap and give the freed
                // pages back, so an idle worker holds its live objects only. Runs between cells, never inside one.
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                compacted = true;
            }
        }
    }

    private void Initialise(Init init)
    {
        try
        {
            PrivacyContext.Install(charger);
            var globals = new CellGlobals();
            globals.SetOutput(output);
            // The learning library (and libtorch, which it starts when it loads) stays out of the worker until a cell uses
            // it: an idle worker does not pay for it. Its progress sink is installed as it loads.
            InstallTrainingProgressWhenLoaded();
            var compiler = new CellCompiler(AllowList.Default,
                [typeof(PrivateDataFrame).Assembly.Location, typeof(BudgetExceededException).Assembly.Location, Path.Combine(AppContext.BaseDirectory, LearningAssembly + ".dll")]);
            session = new CellSession(compiler, globals);
            var prelude = new System.Text.StringBuilder();
            foreach (var dataset in init.Datasets)
            {
                var metadata = DatasetMetadata.Parse(dataset.MetadataJson);
                globals.SetVariable(dataset.Name, PrivateDataFrameLoader.LoadCsv(dataset.Name, dataset.CsvPath, metadata, charger));
                prelude.Append($"var {dataset.Name} = (PrivateEnv.DataFrame.PrivateDataFrame)GetVariable(\"{dataset.Name}\");\n");
            }
            RunTrusted(prelude.Length > 0 ? prelude.ToString() : "0");
            channel.Write(new FromWorker { Ready = new Ready() });
        }
        catch (Exception e)
        {
            channel.Write(new FromWorker { Ready = new Ready { Error = $"{e.GetType().Name}: {e.Message}" } });
        }
    }

    private const string LearningAssembly = "PrivateEnv.Learning";

    private void InstallTrainingProgressWhenLoaded()
    {
        AppDomain.CurrentDomain.AssemblyLoad += (_, loaded) =>
        {
            if (loaded.LoadedAssembly.GetName().Name == LearningAssembly) InstallTrainingProgress();
        };
        if (AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == LearningAssembly)) InstallTrainingProgress();
    }

    // Separate so the worker's own code names a learning type only when that library is already loading.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void InstallTrainingProgress() => PrivateEnv.Learning.Hosting.TrainingProgress.Install(new ProgressForwarder(output));

    private void RunTrusted(string code)
    {
        var compiled = session!.Compile(code, trusted: true);
        if (!compiled.Succeeded) throw new InvalidOperationException("Host prelude failed: " + string.Join("; ", compiled.Errors));
        session.RunAsync(compiled).GetAwaiter().GetResult();
    }

    private void RunCell(RunCell run)
    {
        currentCellId = run.CellId;
        var done = new Completed();
        try
        {
            if (session is null) throw new InvalidOperationException("The worker failed to start.");
            var compiled = session.Compile(run.Code);
            if (!compiled.Succeeded)
            {
                var first = compiled.Errors[0];
                var message = compiled.ErrorKind == ErrorKind.Refused
                    ? "Refused: " + string.Join("; ", compiled.Errors.Take(5).Select(e => e.ToString()))
                    : string.Join("\n", compiled.Errors.Take(5).Select(e => e.ToString()));
                output.Send(new ExecuteEvent { Error = new CellError { Kind = compiled.ErrorKind, Message = CellOutputLimit.Bound(message), Line = first.Line, Column = first.Column } });
            }
            else
            {
                var value = session.RunAsync(compiled).GetAwaiter().GetResult();
                if (value is not null) done.ValueText = CellOutputLimit.Bound(ReleaseGate.ToText(value));
                done.Success = true;
            }
        }
        catch (Exception e)
        {
            var error = ErrorReport.From(e, a => session?.IsCellAssembly(a) == true);
            error.Message = CellOutputLimit.Bound(error.Message);
            output.Send(new ExecuteEvent { Error = error });
        }
        output.Send(new ExecuteEvent { Completed = done });
    }

    private void Import(ImportValue import)
    {
        var result = new ImportResult { RequestId = import.RequestId };
        try
        {
            if (session is null) throw new InvalidOperationException("The worker failed to start.");
            var (value, csharpType) = ImportDecoder.Decode(import.Kind.ToPortable(), import.Encoding.ToPortable(), import.Payload.Span);
            session.Globals.SetVariable(import.Name, value);
            RunTrusted($"var {import.Name} = ({csharpType})GetVariable(\"{import.Name}\");");
            result.Type = csharpType;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidDataException or InvalidOperationException)
        {
            result.Error = CellOutputLimit.Bound(e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any other failure of a public value the analyst sent: answered, not a lost worker.
            result.Error = $"The value could not be imported ({e.GetType().Name}).";
        }
        channel.Write(new FromWorker { ImportResult = result });
    }
}
