using Grpc.Core;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Server.Auth;
using PrivateEnv.Server.Datasets;
using PrivateEnv.Server.Ledger;
using PrivateEnv.Server.Sessions;

namespace PrivateEnv.Server.Services;

/// <summary>Translates the wire contract to sessions, the catalog and the ledger; holds no logic of its own.</summary>
public sealed class PrivateEnvService(SessionManager sessions, DatasetCatalog catalog, ILedger ledger, ILogger<PrivateEnvService> logger)
    : Protocol.V1.PrivateEnv.PrivateEnvBase
{
    /// <summary>Most charges in one odometer response (a long session pages through its charges).</summary>
    public const int MaxOdometerPage = 500;

    /// <summary>Largest cell accepted.</summary>
    public const int MaxCodeBytes = 1024 * 1024;

    public override async Task<CreateSessionResponse> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        var analyst = Caller(context);
        var visible = catalog.All.Where(d => analyst.MayOpen(d.Name)).Select(d => d.Name).ToList();
        if (request.Datasets.Count == 0)
            throw new InvalidRequestException($"Name at least one dataset. Available: {string.Join(", ", visible)}.");
        var entries = new List<CatalogEntry>();
        foreach (var name in request.Datasets.Distinct())
        {
            var entry = catalog.Find(name) is { } found && analyst.MayOpen(name)
                ? found
                : throw new NotFoundForCallerException($"No dataset '{name}' for this key. Available: {string.Join(", ", visible)}.");
            entries.Add(entry);
        }
        Session session;
        try { session = await sessions.CreateAsync(analyst, entries, context.CancellationToken); }
        catch (System.Data.Common.DbException e)
        {
            logger.LogError(e, "the ledger could not record a new session");
            throw new UnavailableException("The ledger cannot record a new session right now; nothing was opened or spent. Try again later or tell the server's operator.");
        }
        catch (Exception e) when (e is not (SessionLimitException or OperationCanceledException))
        {
            logger.LogError(e, "could not start a worker");
            throw new UnavailableException("The server could not start a worker for this session: " + e.Message);
        }
        logger.LogInformation("session {Session} opened by {Analyst} on {Datasets}", session.LogTag, analyst.Id, string.Join(",", request.Datasets));
        var response = new CreateSessionResponse { SessionId = session.Id, Budget = await BudgetOf(session) };
        response.Datasets.AddRange(entries.Select(DatasetCatalog.ToInfo));
        return response;
    }

    public override async Task Execute(ExecuteRequest request, IServerStreamWriter<ExecuteEvent> responseStream, ServerCallContext context)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(request.Code) > MaxCodeBytes)
            throw new InvalidRequestException($"The cell is larger than {MaxCodeBytes / 1024} KiB; send smaller cells.");
        var session = OwnedSession(request.SessionId, context);
        var cellId = string.IsNullOrWhiteSpace(request.CellId) ? Guid.NewGuid().ToString("N")[..12] : request.CellId[..Math.Min(64, request.CellId.Length)];
        logger.LogInformation("cell {Cell} in session {Session}: {Bytes} bytes", cellId, session.LogTag, request.Code.Length);
        using (await session.TakeTurnAsync(context.CancellationToken))
            await session.Worker.RunCellAsync(cellId, request.Code, e => responseStream.WriteAsync(e, context.CancellationToken), context.CancellationToken);
    }

    public override async Task<PrivateImportResponse> PrivateImport(PrivateImportRequest request, ServerCallContext context)
    {
        var session = OwnedSession(request.SessionId, context);
        if (!PrivateEnv.Sandbox.Hosting.VariableNames.IsValid(request.Name))
            throw new InvalidRequestException($"Import name '{request.Name}' must be a C# identifier.");
        if (session.Datasets.Any(d => d.Name == request.Name))
            throw new InvalidRequestException($"'{request.Name}' is a dataset of this session; choose another name.");
        try
        {
            using (await session.TakeTurnAsync(context.CancellationToken))
                return new PrivateImportResponse { Name = request.Name, Type = await session.Worker.ImportAsync(request.Name, request.Kind, request.Encoding, request.Payload, context.CancellationToken) };
        }
        catch (ArgumentException e) { throw new InvalidRequestException(e.Message); }
        catch (InvalidOperationException e) { throw new UnavailableException(e.Message); }
    }

    public override async Task<Odometer> GetOdometer(GetOdometerRequest request, ServerCallContext context)
    {
        var session = OwnedSession(request.SessionId, context);
        var odometer = new Odometer { Session = await BudgetOf(session) };
        foreach (var lifetime in await ledger.GetLifetimeAsync(session.Id))
            odometer.Lifetime.Add(new LifetimeBudget { Dataset = lifetime.Dataset, EpsilonTotal = lifetime.EpsilonTotal, EpsilonSpent = lifetime.EpsilonSpent, DeltaTotal = lifetime.DeltaTotal, DeltaSpent = lifetime.DeltaSpent });
        var pageSize = request.PageSize is > 0 and < MaxOdometerPage ? request.PageSize : MaxOdometerPage;
        // The token is how many of this session's charges came before: it says nothing of other sessions.
        long skip = 0;
        if (request.PageToken.Length > 0 && (!long.TryParse(request.PageToken, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out skip) || skip < 0))
            throw new InvalidRequestException("That page_token is not one this server gave; start again without it.");
        var charges = await ledger.GetChargesAsync(session.Id, skip, pageSize + 1);
        foreach (var charge in charges.Take(pageSize))
            odometer.Charges.Add(new Charge { CellId = charge.CellId, Description = charge.Description, Epsilon = charge.Epsilon, Delta = charge.Delta, EventJson = charge.EventJson, UnixMillis = charge.UnixMillis });
        if (charges.Count > pageSize) odometer.NextPageToken = (skip + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return odometer;
    }

    public override Task<ListDatasetsResponse> ListDatasets(ListDatasetsRequest request, ServerCallContext context)
    {
        var analyst = Caller(context);
        var response = new ListDatasetsResponse();
        response.Datasets.AddRange(catalog.All.Where(d => analyst.MayOpen(d.Name)).Select(DatasetCatalog.ToInfo));
        return Task.FromResult(response);
    }

    public override Task<InterruptResponse> Interrupt(InterruptRequest request, ServerCallContext context) =>
        Task.FromResult(new InterruptResponse { Interrupted = OwnedSession(request.SessionId, context).Interrupt() });

    public override async Task<CloseSessionResponse> CloseSession(CloseSessionRequest request, ServerCallContext context)
    {
        var session = OwnedSession(request.SessionId, context);
        var budget = await BudgetOf(session);
        await sessions.CloseAsync(session.Id);
        logger.LogInformation("session {Session} closed", session.LogTag);
        return new CloseSessionResponse { Budget = budget };
    }

    private async Task<Budget> BudgetOf(Session session) => BudgetWire.From(await ledger.GetBudgetAsync(session.Id));

    /// <summary>The analyst calling, as ASP.NET Core authentication found them from the call's metadata.</summary>
    private static Analyst Caller(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (ApiKeyAuthenticationHandler.AnalystOf(http) is { } analyst) return analyst;
        var (message, blocked) = ApiKeyAuthenticationHandler.Failure(http);
        throw blocked ? new ExhaustedException(message) : new UnauthenticatedException(message);
    }

    /// <summary>
    /// The caller's own session: another analyst's session id gets the same answer as an unknown one, so holding (or
    /// guessing) an id is not enough to read, drive or close someone else's session.
    /// </summary>
    private Session OwnedSession(string id, ServerCallContext context)
    {
        var caller = Caller(context);
        var session = sessions.Find(id);
        if (session is null || session.Analyst != caller.Id)
            throw new NotFoundForCallerException("No open session with that id: it was closed, expired, or the server restarted. Open a new session.");
        return session;
    }
}
