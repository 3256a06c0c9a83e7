using System;
using System.Globalization;

namespace LstmGen;

/// <summary>The kinds of layer a model declares: the <c>[Lstm]</c>, <c>[Gru]</c>, <c>[Dense]</c> and <c>[Dropout]</c> attributes.</summary>
public enum LayerKind
{
    /// <summary>An LSTM layer (<see cref="LstmAttribute"/>), one- or bidirectional.</summary>
    Lstm = 0,

    /// <summary>A GRU layer (<see cref="GruAttribute"/>).</summary>
    Gru = 1,

    /// <summary>A fully connected layer (<see cref="DenseAttribute"/>), applied at every step after a sequence.</summary>
    Dense = 2,

    /// <summary>Dropout (<see cref="DropoutAttribute"/>): no weights, the identity at inference.</summary>
    Dropout = 3,
}

/// <summary>
/// One layer of a <see cref="ModelArchitecture"/>, as its attribute declares it. Make one with <see cref="Lstm"/>,
/// <see cref="Gru"/>, <see cref="Dense"/> or <see cref="Dropout"/>; the architecture that holds it fills in its shapes
/// (<see cref="Input"/>, <see cref="Output"/>, the lengths, <see cref="ParameterCount"/> and <see cref="WeightIndex"/>) from
/// the layers before it. Immutable, compared by value.
/// </summary>
public sealed record ModelLayer
{
    private ModelLayer(LayerKind kind, int units, int input, Activation activation, Activation recurrentActivation,
        bool returnSequences = false, bool bidirectional = false, bool goBackwards = false, bool resetAfter = false, double rate = 0)
    {
        Kind = kind;
        Units = units;
        Input = input;
        Activation = activation;
        RecurrentActivation = recurrentActivation;
        ReturnSequences = returnSequences;
        Bidirectional = bidirectional;
        GoBackwards = goBackwards;
        ResetAfter = resetAfter;
        Rate = rate;
        WeightIndex = -1;
    }

    /// <summary>An LSTM layer: the arguments are <see cref="LstmAttribute"/>'s properties.</summary>
    /// <param name="units">The size of h and c, at least 1.</param>
    /// <param name="returnSequences">True: every step's h; false: only the last.</param>
    /// <param name="bidirectional">A second LSTM over the reversed sequence, outputs concatenated [forward | backward] (2·units features).</param>
    /// <param name="goBackwards">Keras <c>go_backwards</c>: read the sequence last step first, and output in that order.</param>
    /// <param name="activation">The cell candidate's and output's activation: any element-wise one (not Softmax).</param>
    /// <param name="recurrentActivation">The gates' activation: Sigmoid, HardSigmoid or HardSigmoidKeras2.</param>
    /// <param name="input">Features per step this layer expects, checked against the previous layer; 0: taken from it.</param>
    /// <exception cref="ArgumentException">A value is out of range or an option combination is not supported.</exception>
    public static ModelLayer Lstm(int units, bool returnSequences = false, bool bidirectional = false, bool goBackwards = false,
        Activation activation = Activation.Tanh, Activation recurrentActivation = Activation.Sigmoid, int input = 0)
    {
        CheckRecurrent("LSTM", units, input, activation, recurrentActivation);
        if (bidirectional && goBackwards)
            throw new ArgumentException("goBackwards: a bidirectional LSTM already reads the sequence both ways; goBackwards must be false.", nameof(goBackwards));
        return new ModelLayer(LayerKind.Lstm, units, input, activation, recurrentActivation, returnSequences, bidirectional, goBackwards);
    }

    /// <summary>A GRU layer: the arguments are <see cref="GruAttribute"/>'s properties.</summary>
    /// <param name="units">The size of h, at least 1.</param>
    /// <param name="returnSequences">True: every step's h; false: only the last.</param>
    /// <param name="resetAfter">True: PyTorch's convention (r applied after the recurrent product, two biases); false: Keras's reset_after=False.</param>
    /// <param name="activation">The candidate's activation: any element-wise one (not Softmax).</param>
    /// <param name="recurrentActivation">The gates' activation: Sigmoid, HardSigmoid or HardSigmoidKeras2.</param>
    /// <param name="input">Features per step this layer expects, checked against the previous layer; 0: taken from it.</param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public static ModelLayer Gru(int units, bool returnSequences = false, bool resetAfter = true,
        Activation activation = Activation.Tanh, Activation recurrentActivation = Activation.Sigmoid, int input = 0)
    {
        CheckRecurrent("GRU", units, input, activation, recurrentActivation);
        return new ModelLayer(LayerKind.Gru, units, input, activation, recurrentActivation, returnSequences, resetAfter: resetAfter);
    }

    /// <summary>A fully connected layer y = act(W·x + b), applied at every step when its input is a sequence.</summary>
    /// <param name="units">Output features, at least 1.</param>
    /// <param name="activation">Any <see cref="LstmGen.Activation"/>.</param>
    /// <param name="input">Features per step this layer expects, checked against the previous layer; 0: taken from it.</param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public static ModelLayer Dense(int units, Activation activation = Activation.Linear, int input = 0)
    {
        CheckSizes("Dense", units, input);
        if (!Enum.IsDefined(activation))
            throw new ArgumentOutOfRangeException(nameof(activation), activation, $"activation: {activation} is not an Activation.");
        return new ModelLayer(LayerKind.Dense, units, input, activation, Activation.Linear);
    }

    /// <summary>Dropout with the given training-time drop rate: the identity at inference and in exact gradients.</summary>
    /// <param name="rate">The probability of dropping a feature while training, in [0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">The rate is not in [0, 1).</exception>
    public static ModelLayer Dropout(double rate)
    {
        if (!(rate >= 0 && rate < 1))
            throw new ArgumentOutOfRangeException(nameof(rate), rate, $"rate: expected a drop probability in [0, 1), got {rate.ToString(CultureInfo.InvariantCulture)}.");
        return new ModelLayer(LayerKind.Dropout, 0, 0, Activation.Linear, Activation.Linear, rate: rate);
    }

    /// <summary>The kind of layer.</summary>
    public LayerKind Kind { get; }

    /// <summary>LSTM/GRU: the state size (per direction); Dense: output features; Dropout: 0.</summary>
    public int Units { get; }

    /// <summary>LSTM/GRU: the cell candidate's (and LSTM output's) activation; Dense: its activation; Dropout: Linear.</summary>
    public Activation Activation { get; }

    /// <summary>LSTM/GRU: the gates' activation; Linear for the other kinds.</summary>
    public Activation RecurrentActivation { get; }

    /// <summary>LSTM/GRU: whether every step's h is output (else only the last one).</summary>
    public bool ReturnSequences { get; }

    /// <summary>LSTM: whether a second direction runs over the reversed sequence (<see cref="Output"/> is then 2·Units).</summary>
    public bool Bidirectional { get; }

    /// <summary>LSTM: Keras <c>go_backwards</c>, the sequence read last step first and output in that order.</summary>
    public bool GoBackwards { get; }

    /// <summary>GRU: true for PyTorch's convention (and Keras reset_after=True), false for Keras reset_after=False; false for the other kinds.</summary>
    public bool ResetAfter { get; }

    /// <summary>Dropout: the training-time drop rate; 0 for the other kinds.</summary>
    public double Rate { get; }

    /// <summary>Features per step the layer reads (in a layer made by a factory: the <c>input</c> given, 0 if none).</summary>
    public int Input { get; private init; }

    /// <summary>Features per step the layer writes: Units, 2·Units for a bidirectional LSTM, Input for Dropout. Set by the architecture.</summary>
    public int Output { get; private init; }

    /// <summary>Whether the layer reads one vector per step (a sequence) rather than a single vector. Set by the architecture.</summary>
    public bool SequenceInput { get; private init; }

    /// <summary>Whether the layer writes one vector per step. Set by the architecture.</summary>
    public bool SequenceOutput { get; private init; }

    /// <summary>Floats the layer reads per sample: Steps·Input for a sequence, else Input. Set by the architecture.</summary>
    public int InputLength { get; private init; }

    /// <summary>Floats the layer writes per sample: Steps·Output for a sequence, else Output. Set by the architecture.</summary>
    public int OutputLength { get; private init; }

    /// <summary>Trainable parameters, Keras's count (an LSTM's two biases count once). Set by the architecture.</summary>
    public long ParameterCount { get; private init; }

    /// <summary>This layer's entry in <see cref="ModelWeights.Layers"/>; −1 for Dropout, which has none. Set by the architecture.</summary>
    public int WeightIndex { get; private init; }

    /// <summary>Whether the layer has weights (every kind but Dropout).</summary>
    public bool HasWeights => Kind != LayerKind.Dropout;

    /// <summary>Whether the layer is recurrent (LSTM or GRU).</summary>
    public bool IsRecurrent => Kind is LayerKind.Lstm or LayerKind.Gru;

    /// <summary>"LSTM", "Bidirectional LSTM", "GRU", "Dense" or "Dropout": the names weight errors use.</summary>
    public string KindName => Kind switch
    {
        LayerKind.Lstm => Bidirectional ? "Bidirectional LSTM" : "LSTM",
        LayerKind.Gru => "GRU",
        LayerKind.Dense => "Dense",
        _ => "Dropout",
    };

    /// <summary>This layer placed after a layer that writes <paramref name="input"/> features per step (a sequence or not).</summary>
    /// <exception cref="ArgumentException">The layer's declared input differs, or it cannot read what it gets.</exception>
    internal ModelLayer Place(int input, bool sequence, int steps, int weightIndex, int index, string previous)
    {
        if (Input != 0 && Input != input)
            throw new ArgumentException($"layers[{index}]: {KindName} expects Input = {Input} features per step, but {previous} outputs {input}.", "layers");
        if (IsRecurrent && !sequence)
            throw new ArgumentException($"layers[{index}]: {KindName} reads a sequence, but {previous} outputs a single vector; " +
                "set ReturnSequences on the last recurrent layer before it.", "layers");
        int output = Kind switch { LayerKind.Dropout => input, LayerKind.Lstm when Bidirectional => 2 * Units, _ => Units };
        bool sequenceOut = IsRecurrent ? ReturnSequences : sequence;
        long parameters = Kind switch
        {
            LayerKind.Lstm => (Bidirectional ? 2L : 1L) * 4L * Units * (input + Units + 1),
            LayerKind.Gru => 3L * Units * (input + Units + (ResetAfter ? 2 : 1)),
            LayerKind.Dense => (long)Units * (input + 1),
            _ => 0,
        };
        if ((long)steps * Math.Max(input, output) > int.MaxValue)
            throw new ArgumentException($"layers[{index}]: Steps·features = {(long)steps * Math.Max(input, output)} exceeds {int.MaxValue}.", "layers");
        return this with
        {
            Input = input,
            Output = output,
            SequenceInput = sequence,
            SequenceOutput = sequenceOut,
            InputLength = sequence ? steps * input : input,
            OutputLength = sequenceOut ? steps * output : output,
            ParameterCount = parameters,
            WeightIndex = HasWeights ? weightIndex : -1,
        };
    }

    /// <summary>"LSTM 28 → 128, last h", "Dense 128 → 10, Softmax, at every step", "Dropout 0.2".</summary>
    public override string ToString()
    {
        string input = Input == 0 ? "?" : Input.ToString(CultureInfo.InvariantCulture);
        return Kind switch
        {
            LayerKind.Dropout => $"Dropout {Rate.ToString(CultureInfo.InvariantCulture)}",
            LayerKind.Dense => $"Dense {input} → {Units}, {Activation}" + (SequenceInput ? ", at every step" : ""),
            _ => $"{KindName} {input} → {(Bidirectional ? $"2×{Units}" : Units.ToString(CultureInfo.InvariantCulture))}"
                + (GoBackwards ? ", backwards" : "")
                + (Kind == LayerKind.Gru && !ResetAfter ? ", reset_after=False" : "")
                + (ReturnSequences ? ", every step's h" : ", last h")
                + (Activation != Activation.Tanh || RecurrentActivation != Activation.Sigmoid ? $", activation {Activation}, recurrent activation {RecurrentActivation}" : ""),
        };
    }

    private static void CheckRecurrent(string kind, int units, int input, Activation activation, Activation recurrentActivation)
    {
        CheckSizes(kind, units, input);
        if (!Enum.IsDefined(activation) || activation == Activation.Softmax)
            throw new ArgumentOutOfRangeException(nameof(activation), activation,
                $"activation: a {kind}'s cell activation must be element-wise (Linear, Relu, Tanh, Sigmoid, HardSigmoid or HardSigmoidKeras2), got {activation}.");
        if (recurrentActivation is not (Activation.Sigmoid or Activation.HardSigmoid or Activation.HardSigmoidKeras2))
            throw new ArgumentOutOfRangeException(nameof(recurrentActivation), recurrentActivation,
                $"recurrentActivation: a {kind}'s gate activation must be Sigmoid, HardSigmoid or HardSigmoidKeras2, got {recurrentActivation}.");
    }

    private static void CheckSizes(string kind, int units, int input)
    {
        if (units < 1)
            throw new ArgumentOutOfRangeException(nameof(units), units, $"units: a {kind} layer needs at least 1 unit, got {units}.");
        if (input < 0)
            throw new ArgumentOutOfRangeException(nameof(input), input, $"input: expected the features per step (or 0 to take them from the previous layer), got {input}.");
    }
}
