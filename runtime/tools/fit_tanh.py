#!/usr/bin/python3
"""Fits the rational tanh that LstmMath uses: tanh(x) ~ x*P(x^2)/Q(x^2), P and Q of degree 4 in x^2,
Q(0) = 1, on 0 < x <= 9 (tanh(9) rounds to 1 in float32, so LstmMath clamps there).

Method: linearised least squares (x*P - tanh*Q = tanh*Q*error) with Lawson-style reweighting towards
the worst points, which converges to near-minimax. The variable is scaled to u = (x/9)^2 during the fit
so the system stays well conditioned. Then the coefficients are rounded to float32 and the whole
function is evaluated the way LstmMath does (float32, fused multiply-add) against float64 tanh, and
the same for sigma(x) = 1/2 + 1/2*tanh(x/2) with coefficients rescaled by powers of 4.

Needs only numpy (Debian: /usr/bin/python3 with python3-numpy). Prints C# constants and the errors.
"""
import numpy as np

LIMIT, P_DEG, Q_DEG = 9.0, 4, 4


def fit(iterations=200):
    x = LIMIT * (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, 40001)))[1:]  # Chebyshev-like spacing
    t, u = np.tanh(x), (x / LIMIT) ** 2
    w, best = np.ones_like(x), None
    for _ in range(iterations):
        a_cols = [x * u ** k for k in range(P_DEG + 1)]
        b_cols = [-t * u ** k for k in range(1, Q_DEG + 1)]
        m = np.stack(a_cols + b_cols, 1)
        sol = np.linalg.lstsq(m * w[:, None], t * w, rcond=None)[0]
        a, b = sol[:P_DEG + 1], np.concatenate([[1.0], sol[P_DEG + 1:]])
        q = np.polyval(b[::-1], u)
        err = x * np.polyval(a[::-1], u) / q - t
        worst = np.abs(err).max()
        if best is None or worst < best[0]:
            best = (worst, a.copy(), b.copy())
        w = np.clip(w * (0.2 + np.abs(err) / worst) / q, 1e-8, 1e8)
        w /= np.median(w)
    _, a, b = best
    return a / LIMIT ** (2 * np.arange(P_DEG + 1)), b / LIMIT ** (2 * np.arange(Q_DEG + 1))


def evaluate_float32(x, a, b, limit, offset):
    """offset + clamp(x)*P(s)/Q(s) in float32 with one rounding per FMA, as LstmMath computes it."""
    x = np.minimum(np.float32(limit), np.maximum(np.float32(-limit), x)).astype(np.float32)
    s = (x.astype(np.float64) ** 2).astype(np.float32)

    def horner(c):
        r = np.full_like(s, np.float32(c[-1]))
        for k in range(len(c) - 2, -1, -1):
            r = (r.astype(np.float64) * s + np.float64(np.float32(c[k]))).astype(np.float32)
        return r

    num = (x.astype(np.float64) * horner(a)).astype(np.float32)
    y = (num.astype(np.float64) / horner(b)).astype(np.float32)
    return (y.astype(np.float64) + offset).astype(np.float32)


def main():
    a, b = fit()
    a[0] = 1.0  # the fit lands on 1 to float precision; exact 1 lets LstmMath write it as the scale
    a32, b32 = np.float32(a), np.float32(b)
    print("// P0 = 1")
    print("private const float " + ", ".join(f"P{k} = {float(a32[k])!r}f" for k in range(1, P_DEG + 1)) + ";")
    print("private const float " + ", ".join(f"Q{k} = {float(b32[k])!r}f" for k in range(1, Q_DEG + 1)) + ";")

    x = np.linspace(-30, 30, 6_000_001).astype(np.float32)
    t = evaluate_float32(x, a32, b32, LIMIT, 0.0)
    e = np.abs(t - np.tanh(x.astype(np.float64)))
    print(f"tanh: max abs error {e.max():.3g} at x = {x[e.argmax()]:g}; max |y| - 1 = {np.abs(t).max() - 1:.3g}")
    scale = 4.0 ** np.arange(P_DEG + 1)
    s = evaluate_float32(x, np.float32(a / (4 * scale)), np.float32(b / scale), 2 * LIMIT, 0.5)
    e = np.abs(s - 1 / (1 + np.exp(-x.astype(np.float64))))
    print(f"sigma: max abs error {e.max():.3g} at x = {x[e.argmax()]:g}; range [{s.min():.3g}, {s.max() - 1:+.3g} + 1]")


if __name__ == "__main__":
    main()
