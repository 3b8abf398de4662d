using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace PrivateEnv.Server.Auth;

/// <summary>
/// ASP.NET Core authentication of every call from its metadata (<c>authorization: Bearer KEY</c>): the analyst behind
/// the key becomes the call's user. Wrong keys count against the caller's address (<see cref="FailedAuthLimiter"/>).
/// The handler does not refuse calls itself: the service refuses an unauthenticated call with <see cref="Failure"/>'s
/// words, which tell the analyst what to do (a bare HTTP 401 would not).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder,
    ApiKeyStore keys, FailedAuthLimiter limiter) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "PrivateEnvApiKey";
    private const string AnalystItem = "privateenv.analyst";
    private const string FailureItem = "privateenv.auth-failure";

    /// <summary>The authenticated analyst of this call, if any.</summary>
    public static Analyst? AnalystOf(HttpContext context) => context.Items[AnalystItem] as Analyst;

    /// <summary>Why this call is not authenticated, in words for the analyst, and whether it is rate limited.</summary>
    public static (string Message, bool Blocked) Failure(HttpContext context) =>
        context.Items[FailureItem] as (string, bool)? ?? ("Send the API key with every call (header 'authorization: Bearer KEY'); the PrivateEnv client does.", false);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length <= "Bearer ".Length)
            return Task.FromResult(AuthenticateResult.NoResult());
        var peer = $"{Context.Connection.RemoteIpAddress}:{Context.Connection.RemotePort}";
        if (!limiter.TryBeginCheck(peer))
            return Fail($"Too many wrong API keys from this address; try again in {FailedAuthLimiter.Window.TotalSeconds:G} s.", blocked: true);
        Analyst? analyst = null;
        try { analyst = keys.Verify(header["Bearer ".Length..].Trim()); }
        finally { limiter.EndCheck(peer, failed: analyst is null); }
        if (analyst is null)
        {
            Logger.LogWarning("wrong API key from {Peer}", Context.Connection.RemoteIpAddress);
            return Fail("Unknown API key. Use the key the server printed at start (or one from its keys file).", blocked: false);
        }
        Context.Items[AnalystItem] = analyst;
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, analyst.Id)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private Task<AuthenticateResult> Fail(string message, bool blocked)
    {
        Context.Items[FailureItem] = (message, blocked);
        return Task.FromResult(AuthenticateResult.Fail(message));
    }
}
