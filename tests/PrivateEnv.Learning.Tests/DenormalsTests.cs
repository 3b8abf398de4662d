using PrivateEnv.Learning.Layers;
using PrivateEnv.Learning.Training;
using static TorchSharp.torch;

namespace PrivateEnv.Learning.Tests;

/// <summary>
/// Subnormal floats are flushed to zero while libtorch works for private data, on the calling thread and on the
/// worker threads of a parallel matrix product, so a crafted model cannot make time depend on subnormal activations.
/// </summary>
public class DenormalsTests
{
    [Fact]
    public void Subnormal_inputs_count_as_zero_inside_a_scope_on_every_worker_thread()
    {
        using var x = full(new long[] { 4096, 512 }, 1e-39f);   // subnormal in float32
        using var w = ones(512, 512);
        using (var scope = Denormals.Flushed())
        {
            Assert.True(scope.Active, "this CPU cannot flush subnormals");
            using var product = x.mm(w);
            Assert.Equal(0f, product.abs().max().item<float>());
            Assert.Equal(0f, Times(1e-39f, 1f));                 // the calling thread's own arithmetic too
        }
        Assert.Equal(1e-39f, Times(1e-39f, 1f));                 // restored afterwards: cell code is not affected
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static float Times(float a, float b) => a * b;

    [Fact]
    public void Predictions_flush_subnormal_activations()
    {
        var model = new Sequential(new Dense(1, useBias: false, inputShape: [1]));
        model.EnsureBuilt();
        using (no_grad()) model.TrainableParameters.Single().fill_(1e-39f);
        Assert.Equal(0f, model.PredictTensor(ones(8, 1)).abs().max().item<float>());
    }
}
