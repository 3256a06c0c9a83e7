using System.IO;
using System.Threading;
using LstmGen.Training;

namespace LstmGen.Tests.Models;

/// <summary>
/// The README's training example, run as written on a small synthetic task: train from the generated class's
/// Architecture, load the best weights into the generated class, save them as a PyTorch state_dict and load them back.
/// The generated kernel and the trainer's forward pass are separate implementations, so their agreement on every
/// prediction checks both.
/// </summary>
public class TrainedModelTests
{
    private const int Classes = 10, Samples = 320;

    [Fact]
    public void ReadmeExampleTrainsAndTheGeneratedModelAgreesWithTheTrainer()
    {
        var (images, labels) = Stripes(Samples, seed: 7);
        var all = Dataset.FromLabels(images, labels, Classes);
        var (train, validation) = all.Split(256);

        var trainer = new Trainer(FashionClassifier.Architecture, new TrainerOptions
        {
            Loss = Loss.CrossEntropy, Optimizer = new Adam(learningRate: 1e-3f), BatchSize = 64, Epochs = 3,
            ClipGradientNorm = 1f, Seed = 1,
        });
        TrainingResult result = trainer.Fit(train, validation, progress: null, CancellationToken.None);

        var model = new FashionClassifier();
        model.LoadWeights(result.BestWeights);

        // The trainer's evaluation of the best weights, against the generated kernel's predictions.
        var evaluation = new Trainer(FashionClassifier.Architecture, result.BestWeights).Evaluate(validation);
        var output = new float[FashionClassifier.OutputLength];
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < validation.Count; i++)
        {
            model.Predict(validation.Input(i), output);
            int label = ArgMax(validation.Target(i));
            loss -= Math.Log(output[label]);
            if (ArgMax(output) == label)
                correct++;
        }
        Assert.Equal(evaluation.Loss, loss / validation.Count, 4);
        Assert.Equal(evaluation.Accuracy!.Value, (float)correct / validation.Count, 6);
        // The same weights in a twin declared with Int8 W_hh: LoadWeights quantises the trainer's float32 weights, and
        // the predictions stay close to the float32 model's.
        var int8 = new FashionClassifierInt8();
        int8.LoadWeights(result.BestWeights);
        var quantised = new float[FashionClassifierInt8.OutputLength];
        int agree = 0;
        for (int i = 0; i < validation.Count; i++)
        {
            model.Predict(validation.Input(i), output);
            int8.Predict(validation.Input(i), quantised);
            Assert.True(output.Zip(quantised, (a, b) => Math.Abs(a - b)).Max() < 0.05f, $"validation sample {i}: Int8 W_hh moves a probability by 0.05 or more");
            agree += ArgMax(output) == ArgMax(quantised) ? 1 : 0;
        }
        Assert.True(agree >= validation.Count - 2, $"Int8 W_hh changes the class of {validation.Count - agree} of {validation.Count} samples");
        Assert.True(result.History[^1].Loss < result.History[0].Loss,
            $"training loss should fall: {string.Join(", ", result.History.Select(e => e.Loss))}");

        // Saved with PyTorch's state_dict names, and loaded back bit for bit.
        string path = Path.Combine(Path.GetTempPath(), $"lstmgen-readme-{Guid.NewGuid():N}.safetensors");
        try
        {
            result.BestWeights.SaveSafetensors(path, "lstm", "fc");
            var reloaded = new FashionClassifier();
            reloaded.LoadWeights(ModelWeights.LoadSafetensors(path, "lstm", "fc"));
            var again = new float[FashionClassifier.OutputLength];
            model.Predict(validation.Input(0), output);
            reloaded.Predict(validation.Input(0), again);
            Assert.Equal(output, again);
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Ten classes of 28×28 "images": class k lights rows k, k+9 and k+18 (with noise), so the class is readable row by
    // row, as an LSTM reads an image.
    private static (float[] Images, int[] Labels) Stripes(int count, int seed)
    {
        var random = new Random(seed);
        var images = new float[count * 28 * 28];
        var labels = new int[count];
        for (int n = 0; n < count; n++)
        {
            int k = labels[n] = n % Classes;
            for (int row = 0; row < 28; row++)
                for (int col = 0; col < 28; col++)
                    images[(n * 28 + row) * 28 + col] = (row == k || row == k + 9 || row == k + 18 ? 0.8f : 0f)
                        + 0.2f * (float)random.NextDouble();
        }
        return (images, labels);
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
            if (values[i] > values[best])
                best = i;
        return best;
    }
}

// The README's model, declared as the README declares it.
[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 128)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class FashionClassifier { }

// The README's model with its LSTM's W_hh stored as int8: it loads the same trainer's weights.
[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 128, RecurrentWeights = WeightPrecision.Int8)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class FashionClassifierInt8 { }
