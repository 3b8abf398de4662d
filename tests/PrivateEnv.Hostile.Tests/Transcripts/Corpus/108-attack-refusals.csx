// Refusals: what a refused charge needs and whether it is refused must not depend on private counts.
var few = patients[patients["age"] > 93];
var x = FrameTensors.Features(few, "age", "bmi");
var y = FrameTensors.ClassLabels(few, "sex");
var loader = new PrivateDataLoader(x, y, batchSize: 5);
var model = new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 })), 1.0, noiseMultiplier: 0.5);
model.Compile("sgd", "crossentropy");
try { model.Fit(loader, epochs: 30, targetDelta: 1e-6); } catch (PrivateEnv.Privacy.BudgetExceededException e) { Print(e.NeededEpsilon, e.RemainingEpsilon, e.Message); }
for (var i = 0; i < 100; i++)
{
    try { few.Count(eps: 5); } catch (PrivateEnv.Privacy.BudgetExceededException e) { Print(i, e.Message); break; }
}
