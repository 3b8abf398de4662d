try { patients["nope"].Count(0.1); } catch (ArgumentException) { Print("no column"); }
try { patients["sex"].Mean(0.1); } catch (InvalidOperationException) { Print("categorical mean"); }
try { patients["age"].Mean(-1); } catch (ArgumentOutOfRangeException) { Print("negative eps"); }
try { patients["age"].Mean(double.NaN); } catch (ArgumentOutOfRangeException) { Print("nan eps"); }
try { patients["age"].Mean(1e-9); } catch (ArgumentOutOfRangeException) { Print("eps below the floor"); }
try { patients["age"].Mean(1e12); } catch (ArgumentOutOfRangeException) { Print("eps above the ceiling"); }
try { var r = patients["age"] / (patients["bmi"] - 30); } catch (InvalidOperationException) { Print("divisor bounds contain 0"); }
try { patients["age"].Clip(5, 1); } catch (ArgumentException) { Print("bad clip"); }
try { patients["age"].Histogram(0, 0.1); } catch (ArgumentOutOfRangeException) { Print("bad bins"); }
try { patients["age"].Quantile(1.5, 0.1); } catch (ArgumentOutOfRangeException) { Print("bad q"); }
try { patients["age"].Percentile(-5, 0.1); } catch (ArgumentOutOfRangeException) { Print("bad p"); }
try { patients.GroupBy("age"); } catch (InvalidOperationException) { Print("numeric groupby"); }
try { patients.GroupBy("sex").Agg(0.1, ("age", "mode")); } catch (ArgumentException) { Print("bad statistic"); }
try { patients["region"].AsType(ColumnKind.Numeric); } catch (InvalidOperationException) { Print("non-numeric categories"); }
try { patients["age"].Round(40); } catch (ArgumentOutOfRangeException) { Print("bad digits"); }
try { patients["age"].Map(x => x, 5, 1); } catch (ArgumentException) { Print("bad map bounds"); }
try { patients.Rename("age", "bmi"); } catch (ArgumentException) { Print("rename clash"); }
try { patients.Join(PublicTable.Empty.WithColumn("region", new[] { "a", "a" }), "region"); } catch (ArgumentException) { Print("duplicate keys"); }
try { patients.TrainTestSplit(1.5); } catch (ArgumentOutOfRangeException) { Print("bad fraction"); }
try { var z = patients["age"] * double.PositiveInfinity; } catch (ArgumentException) { Print("infinite scalar"); }
//@ next-cell
// expect-error
patients["nope"].Mean(0.1);
//@ next-cell
// expect-error
patients["sex"].Sum(0.1);
//@ next-cell
// expect-error
var x = patients["age"] / 0;
