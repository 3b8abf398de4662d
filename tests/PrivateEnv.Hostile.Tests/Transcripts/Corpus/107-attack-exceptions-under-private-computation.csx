// Whether something throws under a private computation: caught without a variable, counted.
var caught = 0;
try { patients[patients["age"] > 94]["bmi"].Mean(0.1); } catch (Exception) { caught++; }
try { var s = patients[patients["age"] > 94]["bmi"] / patients["age"]; s.Mean(0.1); } catch (Exception) { caught++; }
try { patients[patients["age"] > 94].Describe(0.5); } catch (Exception) { caught++; }
try { patients[patients["age"] > 94].GroupBy("region").Agg(0.2, ("bmi", "median"), ("age", "std")); } catch (Exception) { caught++; }
try { FrameTensors.Features(patients[patients["age"] > 94], "bmi"); } catch (Exception) { caught++; }
try { patients[patients["age"] > 94]["region"].AsType(ColumnKind.Text).Eq("west").Mean(0.1); } catch (Exception) { caught++; }
try { patients[patients["age"] > 94].Join(PublicTable.ParseCsv("age,x\n95,1\n"), "age")["x"].Sum(0.1); } catch (Exception) { caught++; }
Print(caught);
