var x = FrameTensors.Features(patients, "age", "bmi", "systolic_bp", "cholesterol", "smoker", "age", "bmi", "systolic_bp");
var y = FrameTensors.ClassLabels(patients, "region");
var conv = new Sequential(
    new Reshape(new[] { 1, 8 }, inputShape: new[] { 8 }),
    new Conv1D(4, 3, activation: "relu"),
    new GroupNorm(2),
    new MaxPool1D(2),
    new AveragePool1D(1),
    new Conv1D(4, 2),
    new GlobalAveragePooling1D(),
    new LayerNorm(),
    new Dense(4, "log_softmax"));
Print(conv.Summary());
var model = new PrivateKerasModel(conv, 1.0, noiseMultiplier: 1.5);
model.Compile(new Sgd(0.05, Momentum: 0.9, Nesterov: true) { Schedule = LearningRateSchedule.Cosine(0.1, 0.01) }, new CrossEntropy(), "accuracy");
Print(model.Fit(new PrivateDataLoader(x, y, 400), 1, targetDelta: 1e-6));
//@ next-cell
var ids = FrameTensors.Features(patients, "smoker", "smoker");
var y = FrameTensors.ClassLabels(patients, "sex");
var embedded = new Sequential(new Embedding(3, 4, inputShape: new[] { 2 }), new Flatten(), new Dense(2));
var model = new PrivateKerasModel(embedded, 1.0, noiseMultiplier: 1.5);
model.Compile(new Adam(0.01) { EmaMomentum = 0.9 }, new CrossEntropy(), "accuracy");
Print(model.Fit(new PrivateDataLoader(ids, y, 400), 1, targetDelta: 1e-6));
try { new PrivateKerasModel(new Sequential(new Dense(2, inputShape: new[] { 2 }), new BatchNorm()), 1.0, noiseMultiplier: 1); } catch (NotSupportedException) { Print("batch norm refused"); }
//@ next-cell
var images = FrameTensors.Features(patients, "age", "bmi", "systolic_bp", "cholesterol");
var y = FrameTensors.ClassLabels(patients, "smoker");
var cnn = new Sequential(new Reshape(new[] { 1, 2, 2 }, inputShape: new[] { 4 }), new Conv2D(2, 2, padding: 1, activation: "tanh"), new MaxPool2D(2), new AveragePool2D(1), new GlobalAveragePooling2D(), new Dense(2));
var model = new PrivateKerasModel(cnn, 1.0, noiseMultiplier: 1.5);
model.Compile("adam", "crossentropy", new[] { "accuracy" }, learningRate: 0.01);
Print(model.Fit(new PrivateDataLoader(images, y, 400), 1, targetDelta: 1e-6));
