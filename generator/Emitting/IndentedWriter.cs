using System.Text;

namespace LstmGen.Generator;

/// <summary>Writes source text line by line with indentation; <see cref="Block"/> opens a brace block closed on Dispose.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public IndentedWriter Line(string line = "")
    {
        if (line.Length > 0) _text.Append(' ', 4 * _depth).Append(line);
        _text.Append('\n');
        return this;
    }

    /// <summary>Several lines at the current indentation.</summary>
    public IndentedWriter Lines(params string[] lines)
    {
        foreach (var line in lines)
            Line(line);
        return this;
    }

    /// <summary>
    /// One declaration of several locals of one type, a declarator per line: <c>Vector256&lt;float&gt;</c>, then
    /// <c>i0 = …,</c> indented below it. A single local stays on one line.
    /// </summary>
    public IndentedWriter Declare(string type, IEnumerable<(string Name, string Value)> locals)
    {
        var declarators = locals.Select(l => $"{l.Name} = {l.Value}").ToArray();
        if (declarators.Length == 0)
            return this;
        if (declarators.Length == 1)
            return Line($"{type} {declarators[0]};");
        Line(type);
        _depth++;
        for (int k = 0; k < declarators.Length; k++)
            Line(declarators[k] + (k == declarators.Length - 1 ? ";" : ","));
        _depth--;
        return this;
    }

    public IDisposable Block(string header)
    {
        if (header.Length > 0) Line(header);
        Line("{");
        _depth++;
        return new Closer(this);
    }

    public override string ToString() => _text.ToString();

    private sealed class Closer : IDisposable
    {
        private readonly IndentedWriter _writer;
        private bool _closed;
        public Closer(IndentedWriter writer) => _writer = writer;

        public void Dispose()
        {
            if (_closed) return;
            _closed = true;
            _writer._depth--;
            _writer.Line("}");
        }
    }
}
