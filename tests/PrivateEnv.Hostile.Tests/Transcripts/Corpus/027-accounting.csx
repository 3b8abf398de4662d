using PrivateEnv.Privacy.Accounting;
Print(PrivacyBudget.Estimate(10_000, 200, 3, 1.1, 1e-6));
Print(PrivacyBudget.Estimate(10_000, 200, 3, 1.1, 1e-6, AccountantKind.Pld));
Print(string.Join(",", PrivacyBudget.EpsilonByEpoch(10_000, 200, 3, 1.1, 1e-6)));
Print(PrivacyBudget.CalibrateNoiseMultiplier(10_000, 200, 3, 1.0, 1e-6));
var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, targetEpsilon: 1.0);
Print(model.GetPrivacyBudget(10_000, 200, 3, 1e-6), model.GetPrivacyBudget(10_000, 200, 3, 1e-6, AccountantKind.Pld));
