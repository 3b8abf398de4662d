// Values that become missing, infinite or extreme inside free operations: only released sums may reflect them.
var nan = patients["bmi"].Map(x => Math.Log(x - 59), -50, 1);
var inf = patients["bmi"].Map(x => 1 / (60 - x), 0, 1);
var huge = patients["cholesterol"].Map(x => Math.Pow(10, x), 0, 1e300);
Print(nan.Count(0.1), nan.Mean(0.1), inf.Mean(0.1), huge.Sum(0.1), huge.Mean(0.1), huge.Median(0.1));
var divided = patients["age"] / patients["bmi"];
Print(divided.Lower, divided.Upper, divided.Max(0.1));
var sub = patients["bmi"].Map(x => x * 1e-310, 0, 1);
Print(sub.Sum(0.1), sub.Lower, sub.Upper);
