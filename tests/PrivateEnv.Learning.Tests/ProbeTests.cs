using TorchSharp;
using static TorchSharp.torch;
public class ProbeTests
{
    [Fact]
    public void Probe()
    {
        var a = torch.randn(3, 4, requires_grad: true);
        var y = (a * 2).sum();
        var g = torch.autograd.grad(new[] { y }, new[] { a });
        Assert.Equal(3, (int)g[0].shape[0]);
        var p = torch.zeros(2, 2, requires_grad: true);
        p.grad = torch.ones(2, 2);
        var gen = new torch.Generator(12345UL);
        var r = torch.randn(new long[] { 3 }, generator: gen);
        var u = torch.nn.functional.unfold(torch.randn(2, 1, 6, 6), (3, 3), stride: (1, 1));
        Assert.Equal(9, (int)u.shape[1]);
        Assert.Equal(1f, p.grad!.sum().item<float>() / 4f);
    }
}
