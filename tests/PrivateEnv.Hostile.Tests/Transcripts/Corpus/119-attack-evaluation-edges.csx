// Evaluation at its edges: a filter holding one row or none (the extreme neighbour adds it), the smallest ε, a model
// whose outputs are NaN, a cast of the read-only class list, a refused charge, and exceptions the cell catches.
var features = new[] { "age", "bmi" };
var edge = patients[patients["age"].Ge(95) & patients["bmi"].Ge(59.5)];
var binary = new PrivateKerasModel(new Sequential(new Dense(1, "sigmoid", inputShape: new[] { 2 })), 1.0, noiseMultiplier: 50.0);
binary.Compile("sgd", "binary_crossentropy", new[] { "accuracy" });
binary.Fit(new PrivateDataLoader(FrameTensors.Features(patients, features), FrameTensors.ClassLabels(patients, "smoker"), 500), 1, metricsEpsilon: 0);
Print(string.Join(",", binary.Classes));
Print(binary.Evaluate(edge, features, "smoker", eps: 0.1), binary.RocCurve(edge, features, "smoker", eps: 0.1, bins: 4));
Print(binary.Predict(edge, features, new[] { "smokes" }, probabilities: true)["smokes"].Histogram(0.1));
Print(binary.RocCurve(patients, features, "smoker", eps: 1e-6, bins: 2));
if (binary.Classes is string[] names) names[0] = "forged";
Print(binary.Classes is string[], binary.Classes is List<string>);
try { ((IList<string>)binary.Classes)[0] = "forged"; } catch (Exception) { Print("the class list is read-only"); }
try { binary.Evaluate(edge, features, "nope", eps: 0.1); } catch (ArgumentException) { Print("no such label column"); }
try { binary.Predict(edge, features, new[] { "a", "b" }); } catch (ArgumentException) { Print("one prediction column"); }
try { binary.RocCurve(edge, features, "diagnosis", eps: 0.1); } catch (ArgumentException) { Print("two classes needed"); }
Print(string.Join(",", binary.Classes));
//@ next-cell
// expect-error
binary.Evaluate(edge, features, "smoker", eps: 2e-6);
//@ next-cell
// expect-error
binary.Evaluate(patients, features, "smoker", eps: 60);
//@ next-cell
// A classifier whose outputs are NaN for every row: predictions are missing, losses count as the bound, scores go to the lowest bin.
var broken = new Sequential(new Dense(2, inputShape: new[] { 2 }));
broken.Compile(new Sgd(1e38), new CrossEntropy());
broken.Fit(new[] { new[] { 1.0, 1.0 }, new[] { 0.0, 1.0 } }, new[] { 0.0, 1.0 }, epochs: 4, batchSize: 1);
var nan = new PrivateKerasModel(broken, 1.0, noiseMultiplier: 1.0);
nan.Compile("sgd", "crossentropy", new[] { "accuracy" });
var guesses = nan.Predict(edge, features, new[] { "guess" }, classes: new[] { "F", "M" }, probabilities: true);
Print(guesses.ToString(), guesses["guess"].Count(0.1), guesses["guess_M"].Sum(0.1));
Print(nan.Evaluate(edge, features, "sex", eps: 0.1), nan.RocCurve(patients, features, "sex", eps: 0.1, bins: 3));
