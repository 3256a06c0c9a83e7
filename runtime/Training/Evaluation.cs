namespace LstmGen.Training;

/// <summary>A model's loss on a dataset, and its accuracy when the loss is cross-entropy.</summary>
/// <param name="Loss">The mean loss over all samples (and steps of a sequence output), dropout off.</param>
/// <param name="Accuracy">For cross-entropy: the fraction of output vectors whose largest output is the target's largest; else null.</param>
public readonly record struct Evaluation(float Loss, float? Accuracy);
