// Parallel composition over declared groups: charged once whatever the groups hold; empty groups release noise.
var rare = patients[patients["age"] > 94];
Display(rare.GroupBy("diagnosis").Agg(0.5, ("bmi", "mean"), ("bmi", "median"), ("*", "count")));
Display(rare.GroupBy("smoker").Agg(0.5, ("cholesterol", "max"), ("cholesterol", "min"), ("cholesterol", "std")));
var tagged = patients.Assign("rare", patients["age"] > 94);
Display(tagged.GroupBy("rare").Count(0.2));
