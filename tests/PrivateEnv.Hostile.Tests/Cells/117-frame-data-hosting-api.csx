// Hostile cell 117: the learning library's host API (FrameData, RowMask in PrivateEnv.DataFrame.Hosting, public since
// the InternalsVisibleTo arrow went) would hand out a frame's private values, row mask and row count.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: FrameData
var (values, rows, mask) = PrivateEnv.DataFrame.Hosting.FrameData.ReadFeatureMatrix(canary, new[] { "secret" });
Print(values[0]);
//@ next-cell
//@ expect: refused
//@ names: RowMask
var everyone = PrivateEnv.DataFrame.Hosting.RowMask.Population(1, 16);
Print(everyone.Weights.Length);
//@ next-cell
//@ expect: refused
//@ names: SvgChart
Print(PrivateEnv.DataFrame.Rendering.SvgChart.Bars("t", new[] { "a" }, new List<double> { 1 }));
