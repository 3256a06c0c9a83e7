namespace LstmGen.Training;

/// <summary>The training losses, with PyTorch's definitions and mean reductions.</summary>
public enum Loss
{
    /// <summary>
    /// −Σ target·log p per output vector, averaged over the batch (and over the steps of a sequence output), as
    /// <c>torch.nn.CrossEntropyLoss</c> with probability targets. p is the model's output when its last layer is Dense
    /// with Softmax; otherwise the output is taken as logits and p = softmax(output). Targets are one-hot rows or any
    /// probabilities.
    /// </summary>
    CrossEntropy = 0,

    /// <summary>The mean over every output element of (output − target)², as <c>torch.nn.MSELoss</c>.</summary>
    MeanSquaredError = 1,
}
