namespace PrivateEnv.Server.Sessions;

/// <summary>Closes sessions idle longer than the configured timeout and ends their workers.</summary>
public sealed class IdleSessionReaper(SessionManager sessions, Workers.WorkerPool workers, ServerOptions options, ILogger<IdleSessionReaper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Clamp(options.SessionIdleTimeout.TotalSeconds / 4, 1, 60));
        using var timer = new PeriodicTimer(period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var id in sessions.IdleSince(DateTimeOffset.UtcNow - options.SessionIdleTimeout))
            {
                logger.LogInformation("session {Session} idle for over {Minutes:G3} min: closing", SessionIds.Tag(id), options.SessionIdleTimeout.TotalMinutes);
                await sessions.CloseAsync(id);
            }
            await workers.TrimIdleAsync();
        }
    }
}
