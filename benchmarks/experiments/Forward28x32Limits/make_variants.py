#!/usr/bin/python3
"""Derives the variants of the Forward28x32Limits experiment from LstmGen's own generated Forward28x32x28
(Input 28, Units 32, Steps 28), copied here by run.sh as Generated.g.cs. Each variant changes one thing on the
Vector512 path (the one this CPU runs); see README.md. Standard library only."""
import re
import sys

src = open('Generated.g.cs', encoding='utf-8-sig').read()
src = src.replace('namespace LstmGen.Benchmarks;', 'namespace Forward28x32Limits;')
src = src.replace('partial class Forward28x32x28', 'sealed class Forward28x32x28')
GATES = ['i', 'f', 'g', 'o']
CLAMP = '''
    // Stands in for σ and tanh: a clamp to ±1 (two FADD-pipe ops, no multiply, no divide).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Clamp(Vector512<float> x) => Vector512.MinNative(Vector512<float>.One, Vector512.MaxNative(-Vector512<float>.One, x));
'''


def method_span(s, name):
    i = s.index(f'    private static void {name}(')
    j = s.index('\n    }\n', i) + 6
    return i, j


def write(cls, s):
    s = s.replace('sealed class Forward28x32x28', f'sealed class {cls}').replace('Forward28x32x28.', f'{cls}.')
    open(f'{cls}.g.cs', 'w', encoding='utf-8').write(s)


def in_recur_tile(fn):
    i, j = method_span(src, 'RecurTileVector512x2')
    return src[:i] + fn(src[i:j]) + src[j:]


def whole_chunk(order):
    """One method per projection chunk with h and c kept in registers, h[k] broadcast with a shuffle.
    order 'columns': per column all 32 rows (the generated order); 'halves': first the rows of h's first half
    into both columns, then per column the second half (software-pipelined: the first half is ready earlier)."""
    L = ['    private static void RecurChunkVector512(ref float w, ref float z, int n, ref float hs, ref float c)', '    {',
         '        ref float rows = ref Unsafe.Add(ref w, (1 + Input) * 128);',
         '        var h0 = Vector512.LoadUnsafe(ref hs, 0); var h1 = Vector512.LoadUnsafe(ref hs, 16);',
         '        var c0 = Vector512.LoadUnsafe(ref c, 0); var c1 = Vector512.LoadUnsafe(ref c, 16);',
         '        for (int s = 0; s < n; s++)', '        {', '            ref float zs = ref Unsafe.Add(ref z, s * 128);']
    for col in (0, 1):
        for gi, gn in enumerate(GATES):
            L.append(f'            var {gn}{col} = Vector512.LoadUnsafe(ref zs, {gi * 32 + col * 16}); var {gn}{col}b = Vector512<float>.Zero;')

    def rows(k, cols):
        hv, lane = ('h0', k) if k < 16 else ('h1', k - 16)
        suf = '' if k % 2 == 0 else 'b'
        L.append(f'            {{ var v = Vector512.Shuffle({hv}, Vector512.Create({lane})); ref float r = ref Unsafe.Add(ref rows, {k * 128});')
        for col in cols:
            for gi, gn in enumerate(GATES):
                L.append(f'              {gn}{col}{suf} = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r, {gi * 32 + col * 16}), v, {gn}{col}{suf});')
        L.append('            }')

    def gates(col):
        L.append(f'            i{col} += i{col}b; f{col} += f{col}b; g{col} += g{col}b; o{col} += o{col}b;')
        L.append(f'            c{col} = Vector512.MultiplyAddEstimate(LstmMath.Sigmoid(f{col}), c{col}, LstmMath.Sigmoid(i{col}) * LstmMath.Tanh(g{col}));')
        L.append(f'            var hn{col} = LstmMath.Sigmoid(o{col}) * LstmMath.Tanh(c{col});')

    if order == 'columns':
        for col in (0, 1):
            for k in range(32):
                rows(k, [col])
            gates(col)
    else:
        for k in range(16):
            rows(k, [0, 1])
        for col in (0, 1):
            for k in range(16, 32):
                rows(k, [col])
            gates(col)
    L += ['            h0 = hn0; h1 = hn1;', '        }',
          '        h0.StoreUnsafe(ref hs, 0); h1.StoreUnsafe(ref hs, 16); c0.StoreUnsafe(ref c, 0); c1.StoreUnsafe(ref c, 16);', '    }', '']
    anchor = '            for (int s = 0; s < n; s++)\n            {\n                if (Vector512.IsHardwareAccelerated)\n                    RecurVector512'
    assert anchor in src
    s = src.replace(anchor, '            // The whole chunk in one call; h stays in `h` (no swap).\n'
                    '            if (Vector512.IsHardwareAccelerated) { RecurChunkVector512(ref weights, ref z, n, ref h, ref c); continue; }\n' + anchor)
    i, _ = method_span(s, 'RecurTileVector512x2')
    return s[:i] + '\n'.join(L) + '\n' + s[i:]


write('Generated', src)
write('GeneratedCopy', src)
write('NoActivations', in_recur_tile(lambda m: m.replace('LstmMath.Sigmoid(', 'Clamp(').replace('LstmMath.Tanh(', 'Clamp(') + CLAMP))
# σ and tanh with x·p·q instead of x·p/q: the same operations less the divide (wrong values, same cost otherwise).
RATIO = '''
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Sig(Vector512<float> x) => Ratio(x, 18f, 0.25f) + Vector512.Create(0.5f);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Th(Vector512<float> x) => Ratio(x, 9f, 1f);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Ratio(Vector512<float> x, float limit, float k)
    {
        const float P1 = 0.13395661115646362f, P2 = 0.003512765746563673f, P3 = 2.0881485397694632e-05f, P4 = 1.3709391843974572e-08f;
        const float Q1 = 0.4672898054122925f, Q2 = 0.025942888110876083f, Q3 = 0.0003313308407086879f, Q4 = 7.926715284156671e-07f;
        x = Vector512.MinNative(Vector512.Create(limit), Vector512.MaxNative(Vector512.Create(-limit), x));
        var s = x * x;
        var p = Vector512.MultiplyAddEstimate(Vector512.Create(P4 * k * k * k * k * k), s, Vector512.Create(P3 * k * k * k * k));
        p = Vector512.MultiplyAddEstimate(p, s, Vector512.Create(P2 * k * k * k));
        p = Vector512.MultiplyAddEstimate(p, s, Vector512.Create(P1 * k * k));
        p = Vector512.MultiplyAddEstimate(p, s, Vector512.Create(k));
        var q = Vector512.MultiplyAddEstimate(Vector512.Create(Q4 * k * k * k * k), s, Vector512.Create(Q3 * k * k * k));
        q = Vector512.MultiplyAddEstimate(q, s, Vector512.Create(Q2 * k * k));
        q = Vector512.MultiplyAddEstimate(q, s, Vector512.Create(Q1 * k));
        q = Vector512.MultiplyAddEstimate(q, s, Vector512<float>.One);
        return x * p * q;
    }
'''
write('NoDivide', in_recur_tile(lambda m: m.replace('LstmMath.Sigmoid(', 'Sig(').replace('LstmMath.Tanh(', 'Th(') + RATIO))
write('ProjectionOnly', in_recur_tile(lambda m: m[:m.index('{')] + '''{
        // No recurrence: h' = the first 32 floats of z (keeps the data flowing, costs four vector moves).
        Vector512.LoadUnsafe(ref z, 0).StoreUnsafe(ref hNext, 0);
        Vector512.LoadUnsafe(ref z, 16).StoreUnsafe(ref hNext, 16);
    }
'''))
write('RegisterH', whole_chunk('columns'))
write('RegisterHHalves', whole_chunk('halves'))
print('variants written')
