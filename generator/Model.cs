using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace LstmGen.Generator;

// The pipeline's model: plain values only (strings, ints, enums, equatable arrays), never ISymbol,
// SyntaxNode or Compilation, so incremental caching compares them by value.

/// <summary>What the generator needs to emit one layer.</summary>
internal sealed record LayerSpec(
    string? Namespace,
    string ClassName,
    string Keyword,         // "class" or "record class"
    int Input,
    int Units,
    int Steps,              // 0 = not fixed: Forward takes any whole number of steps
    bool ReturnSequences,
    bool StateOnStack);

/// <summary>A parsed [LstmLayer] class: the spec to emit (null when an error stops emission) and its diagnostics.</summary>
internal sealed record LayerResult(LayerSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A diagnostic without a Location (which holds a SyntaxTree), so it can live in the model.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic()
    {
        var descriptor = Descriptors.ById(Id);
        return Diagnostic.Create(descriptor, Location?.ToLocation(), Arguments.ToArray<object?>());
    }
}

/// <summary>A source location as plain values.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}

/// <summary>Looks descriptors up by ID so the model can carry just the ID.</summary>
internal static class Descriptors
{
    private static readonly ImmutableDictionary<string, DiagnosticDescriptor> All = new[]
    {
        Diagnostics.NotPartial, Diagnostics.NotPositive, Diagnostics.Missing, Diagnostics.Nested,
        Diagnostics.Generic, Diagnostics.TooLarge, Diagnostics.StateOffStack, Diagnostics.MemberClash, Diagnostics.Static,
    }.ToImmutableDictionary(d => d.Id);

    public static DiagnosticDescriptor ById(string id) => All[id];
}

/// <summary>An immutable array compared element by element.</summary>
internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IEnumerable<T> where T : IEquatable<T>
{
    private readonly T[]? _items;

    public EquatableArray(T[] items) => _items = items;

    public int Length => _items?.Length ?? 0;

    public bool Equals(EquatableArray<T> other) =>
        (_items ?? Array.Empty<T>()).AsSpan().SequenceEqual((other._items ?? Array.Empty<T>()).AsSpan());

    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    public override int GetHashCode()
    {
        int hash = 17;
        foreach (var item in _items ?? Array.Empty<T>())
            hash = unchecked(hash * 31 + (item?.GetHashCode() ?? 0));
        return hash;
    }

    public TOut[] ToArray<TOut>() => (_items ?? Array.Empty<T>()).Select(x => (TOut)(object)x!).ToArray();

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? Array.Empty<T>())).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
