using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using PrivateEnv.Privacy.Accounting;

namespace PrivateEnv.Cli;

/// <summary>
/// `privateenv budget`: the ε of a DP-SGD run (or, with --target-epsilon, the noise multiplier
/// that reaches it), computed locally with the privacy core's accountants.
/// </summary>
internal static class BudgetCommand
{
    public static Command Create()
    {
        var sampleSize = new Option<long>("--sample-size") { Description = "Training examples (N)", Required = true };
        var batchSize = new Option<long>("--batch-size") { Description = "Expected batch size (B); q = B/N", Required = true };
        var epochs = new Option<double>("--epochs") { Description = "Epochs; steps = ceil(epochs·N/B)", Required = true };
        var noise = new Option<double?>("--noise-multiplier") { Description = "σ, the noise multiplier" };
        var target = new Option<double?>("--target-epsilon") { Description = "Find the smallest σ that reaches this ε instead" };
        var delta = new Option<double>("--delta") { Description = "Target δ", Required = true };
        var accountant = new Option<string>("--accountant") { Description = "rdp or pld", DefaultValueFactory = _ => "rdp" };
        accountant.AcceptOnlyFromAmong("rdp", "pld");
        var json = CommonOptions.Json();
        var command = new Command("budget", "Privacy budget of DP-SGD: ε from σ, or σ from a target ε.") { sampleSize, batchSize, epochs, noise, target, delta, accountant, json };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(noise) is null) == (result.GetValue(target) is null))
                result.AddError("Give exactly one of --noise-multiplier S or --target-epsilon X.");
        });
        command.SetAction(parse =>
        {
            var kind = parse.GetValue(accountant) == "pld" ? AccountantKind.Pld : AccountantKind.Rdp;
            var n = parse.GetValue(sampleSize);
            var b = parse.GetValue(batchSize);
            var e = parse.GetValue(epochs);
            var d = parse.GetValue(delta);
            try
            {
                BudgetEstimate estimate;
                if (parse.GetValue(target) is { } targetEpsilon)
                {
                    if (!double.IsFinite(targetEpsilon) || targetEpsilon <= 0) throw new ArgumentException($"--target-epsilon must be a finite number > 0, got {targetEpsilon}.");
                    var sigma = PrivacyBudget.CalibrateNoiseMultiplier(n, b, e, targetEpsilon, d, kind);
                    estimate = PrivacyBudget.Estimate(n, b, e, sigma, d, kind);
                }
                else estimate = PrivacyBudget.Estimate(n, b, e, parse.GetValue(noise)!.Value, d, kind);
                Print(estimate, parse.GetValue(target) is not null, parse.GetValue(json));
                return ExitCodes.Success;
            }
            catch (ArgumentException error)
            {
                Console.Error.WriteLine($"privateenv: {error.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static void Print(BudgetEstimate estimate, bool calibrated, bool json)
    {
        var accountant = estimate.Accountant == AccountantKind.Rdp ? "rdp" : "pld";
        if (json)
        {
            var document = new JsonObject
            {
                ["epsilon"] = estimate.Epsilon,
                ["order"] = estimate.Order,
                ["steps"] = estimate.Steps,
                ["noise_multiplier"] = estimate.NoiseMultiplier,
                ["sampling_probability"] = estimate.SamplingProbability,
                ["accountant"] = accountant,
            };
            Console.WriteLine(document.ToJsonString());
            return;
        }
        var c = CultureInfo.InvariantCulture;
        if (calibrated) Console.WriteLine(string.Create(c, $"noise multiplier σ = {estimate.NoiseMultiplier:F4}"));
        Console.WriteLine(string.Create(c, $"ε = {estimate.Epsilon:F4} ({accountant}{(estimate.Order is { } order ? $", optimal order {order:G4}" : "")})"));
        Console.WriteLine(string.Create(c, $"steps = {estimate.Steps}, sampling probability q = {estimate.SamplingProbability:G4}"));
    }
}
