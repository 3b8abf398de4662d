using Google.Protobuf;
using PrivateEnv.Client.Rendering;
using PrivateEnv.Kernel.Rendering;
using PrivateEnv.Portable;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Kernel.Tests;

public class RenderingTests
{
    [Fact]
    public void Remote_html_and_svg_pass_through_and_png_is_base64()
    {
        var display = new DisplayData();
        display.Text["text/html"] = "<table><tr><td>1</td></tr></table>";
        display.Text["image/svg+xml"] = "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>";
        display.Binary["image/png"] = ByteString.CopyFrom(1, 2, 3);
        var bundle = RemoteDisplay.Bundle(display);
        Assert.Equal("<table><tr><td>1</td></tr></table>", bundle["text/html"]!.GetValue<string>());
        Assert.Equal("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect/></svg>", bundle["image/svg+xml"]!.GetValue<string>());
        Assert.Equal("AQID", bundle["image/png"]!.GetValue<string>());
        Assert.Equal("(chart)", bundle["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public void Progress_shows_fraction_and_escapes_labels()
    {
        var bundle = ProgressView.Bundle(new Progress { Id = "p", Label = "<epoch>", Current = 3, Total = 12, Message = "loss 0.5" });
        Assert.Equal("<epoch>: 3/12 (25%) loss 0.5", bundle["text/plain"]!.GetValue<string>());
        var html = bundle["text/html"]!.GetValue<string>();
        Assert.Contains("&lt;epoch&gt;", html);
        Assert.Contains("value=\"0.2500\"", html);
    }

    [Fact]
    public void Odometer_lists_spent_and_remaining()
    {
        var odometer = new Odometer { Session = new Budget { EpsilonTotal = 3, EpsilonSpent = 0.75, DeltaTotal = 1e-5, Composition = "basic" } };
        odometer.Charges.Add(new Charge { Description = "age.Mean <sum>", Epsilon = 0.75 });
        Assert.Contains("ε spent 0.75, remaining 2.25 of 3", OdometerView.Text(odometer));
        var html = OdometerView.Html(odometer);
        Assert.Contains("<td>0.75</td><td>2.25</td><td>3</td>", html);
        Assert.Contains("age.Mean &lt;sum&gt;", html);
    }

    [Fact]
    public void Local_values_render_as_text_html_or_svg()
    {
        Assert.Equal("[1.5, 2]", MimeBundle.For(new[] { 1.5, 2.0 })["text/plain"]!.GetValue<string>());
        Assert.True(MimeBundle.For("<svg></svg>").ContainsKey("image/svg+xml"));
        var table = PortableTable.ParseCsv("a,b\n1,2\n");
        Assert.StartsWith("<table>", MimeBundle.For(table)["text/html"]!.GetValue<string>());
    }
}
