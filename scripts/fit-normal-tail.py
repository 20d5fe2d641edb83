#!/usr/bin/env python3
"""Fits the polynomial Q of the wasm kernels' gelu (src/kernels/wasm/assembly/activations.ts,
normalTailV): the standard normal's upper tail P(Z > |x|) = erfc(t) / 2, t = |x| / sqrt(2), is
written tau * Q(tau) * exp(-x^2 / 2) with tau = 1 / (1 + t / 2), and Q, smooth on tau in
[1/6, 1] (t in [0, 10]), is fitted as a degree-9 polynomial in tau.

Each coefficient is rounded to float32 in turn (lowest degree first) and the rest refitted to
what is left, so the float32 coefficients the kernel uses keep the fit's accuracy. The fit is
weighted least squares on the relative error, with Lawson's reweighting towards the minimax
solution, on 600 Chebyshev nodes; reference values of erfc come from mpmath at 40 digits.
Prints the coefficients (highest degree first, as the kernel's Horner scheme uses them, to the
9 digits that identify a float32) and the largest relative error on 20001 points of [0, 10].

Run: /usr/bin/python3 scripts/fit-normal-tail.py   (needs numpy and mpmath; deterministic)
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 40
DEGREE = 9
T_MAX = 10.0


def q_exact(tau):
    t = 2 * (1 / tau - 1)
    return float(mp.erfc(t) * mp.exp(t * t) / tau / 2)


def fit():
    tau_min = 1 / (1 + T_MAX / 2)
    n = 600
    nodes = np.cos(np.pi * (np.arange(n) + 0.5) / n)
    taus = tau_min + (1 - tau_min) * (nodes + 1) / 2
    q = np.array([q_exact(t) for t in taus])
    basis = np.vander(taus, DEGREE + 1, increasing=True)
    fixed = []
    for _ in range(DEGREE + 1):
        k = len(fixed)
        rest = q - (basis[:, :k] @ np.array(fixed) if k else 0)
        cols = basis[:, k:]
        w = np.ones(n)
        for _ in range(300):
            scale = np.sqrt(w) / q
            c, *_ = np.linalg.lstsq(cols * scale[:, None], rest * scale, rcond=None)
            w = w * np.abs(cols @ c - rest) / q + 1e-300
            w /= w.sum()
        fixed.append(float(np.float32(c[0])))
    return np.array(fixed)


def main():
    c = fit()
    t = np.linspace(0, T_MAX, 20001)
    taus = 1 / (1 + t / 2)
    q = np.array([q_exact(x) for x in taus])
    err = np.max(np.abs(np.vander(taus, DEGREE + 1, increasing=True) @ c - q) / q)
    for x in c[::-1]:
        print('%.9g' % x)
    print('largest relative error on [0, %g]: %.3g' % (T_MAX, err))


if __name__ == '__main__':
    main()
