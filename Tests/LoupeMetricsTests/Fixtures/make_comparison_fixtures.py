"""Generates comparison_metrics.json: expected values of Loupe's paired comparisons of two models
on the same rows, computed independently in Python.

Run from anywhere:  python make_comparison_fixtures.py   (numpy, scipy, statsmodels). The JSON is
committed; the Swift tests never need Python.

- Paired DeLong (DeLong, DeLong & Clarke-Pearson 1988): two implementations that must agree to
  1e-12 before a case is written: the definition itself (the psi kernel over every positive x
  negative pair, structural components V10 / V01, S10 / S01 by np.cov, O(m n)), and the fast
  midrank algorithm of Sun & Xu (2014) as in the widely used `fastdelong` reference code
  (compare_auc_delong_xu.py). Weighted case: Loupe's definition (weighted placements, weighted
  variances around the means, Kish sizes), by brute force over pairs.
  (R pROC's `roc.test(method="delong")` example uses the aSAH data, which is not available
  offline here; the two independent implementations stand in for it.)
- McNemar: statsmodels `mcnemar(table, exact=True)` and `mcnemar(table, exact=False,
  correction=True)`; the paired Wald interval of the difference of accuracies by hand.
- Flip rate: the share of rows whose decision at the threshold differs.
"""
import json
import os

import numpy as np
import scipy.stats as st
from statsmodels.stats.contingency_tables import mcnemar

Z95 = st.norm.ppf(0.975)


def psi(x, y):
    return (x > y) + 0.5 * (x == y)


def delong_naive(labels, a, b, w=None):
    """The definition, by pairs; weights: Loupe's weighted generalisation."""
    labels = np.asarray(labels)
    if w is None:
        w = np.ones(len(labels))
    pos, neg = labels == 1, labels == 0
    wp, wn = w[pos], w[neg]
    P, N = wp.sum(), wn.sum()
    out = {}
    comps = []
    for s in (a, b):
        k = psi(s[pos][:, None], s[neg][None, :])  # m x n
        v10 = (k * wn[None, :]).sum(axis=1) / N
        v01 = (k * wp[:, None]).sum(axis=0) / P
        comps.append((v10, v01))
    auc_a = (wp * comps[0][0]).sum() / P
    auc_b = (wp * comps[1][0]).sum() / P
    d10 = comps[0][0] - comps[1][0]
    d01 = comps[0][1] - comps[1][1]
    m_eff = P * P / (wp * wp).sum()
    n_eff = N * N / (wn * wn).sum()
    s10 = (wp * (d10 - d10 @ wp / P) ** 2).sum() / P
    s01 = (wn * (d01 - d01 @ wn / N) ** 2).sum() / N
    var = s10 / (m_eff - 1) + s01 / (n_eff - 1)
    out = dict(auc_a=auc_a, auc_b=auc_b, variance=var)
    if np.all(w == 1):
        # Classic form with np.cov: S10, S01 2x2 matrices; Var = L S L'.
        v10 = np.vstack([comps[0][0], comps[1][0]])
        v01 = np.vstack([comps[0][1], comps[1][1]])
        S = np.cov(v10) / v10.shape[1] + np.cov(v01) / v01.shape[1]
        L = np.array([1.0, -1.0])
        classic = L @ S @ L
        assert abs(classic - var) < 1e-12 * max(1, abs(var)), (classic, var)
    return out


def compute_midrank(x):
    J = np.argsort(x, kind="mergesort")
    Z = x[J]
    N = len(x)
    T = np.zeros(N, dtype=float)
    i = 0
    while i < N:
        j = i
        while j < N and Z[j] == Z[i]:
            j += 1
        T[i:j] = 0.5 * (i + j - 1)
        i = j
    T2 = np.empty(N, dtype=float)
    T2[J] = T + 1
    return T2


def fast_delong(predictions_sorted_transposed, label_1_count):
    """Sun & Xu's algorithm, as the fastdelong reference code: positives first."""
    m = label_1_count
    n = predictions_sorted_transposed.shape[1] - m
    positive_examples = predictions_sorted_transposed[:, :m]
    negative_examples = predictions_sorted_transposed[:, m:]
    k = predictions_sorted_transposed.shape[0]
    tx = np.empty([k, m])
    ty = np.empty([k, n])
    tz = np.empty([k, m + n])
    for r in range(k):
        tx[r, :] = compute_midrank(positive_examples[r, :])
        ty[r, :] = compute_midrank(negative_examples[r, :])
        tz[r, :] = compute_midrank(predictions_sorted_transposed[r, :])
    aucs = tz[:, :m].sum(axis=1) / m / n - float(m + 1.0) / 2.0 / n
    v01 = (tz[:, :m] - tx[:, :]) / n
    v10 = 1.0 - (tz[:, m:] - ty[:, :]) / m
    sx = np.cov(v01)
    sy = np.cov(v10)
    delongcov = sx / m + sy / n
    return aucs, delongcov


def delong_fast(labels, a, b):
    labels = np.asarray(labels)
    order = (-labels).argsort(kind="mergesort")
    m = int(labels.sum())
    preds = np.vstack((a, b))[:, order]
    aucs, cov = fast_delong(preds, m)
    L = np.array([1.0, -1.0])
    return dict(auc_a=aucs[0], auc_b=aucs[1], variance=L @ cov @ L)


def delong_case(name, labels, a, b, w=None):
    ref = delong_naive(labels, a, b, w)
    if w is None:
        fast = delong_fast(labels, a, b)
        for key in ("auc_a", "auc_b", "variance"):
            assert abs(fast[key] - ref[key]) < 1e-12, (name, key, fast[key], ref[key])
    d = ref["auc_a"] - ref["auc_b"]
    var = ref["variance"]
    z = d / np.sqrt(var)
    return dict(
        name=name,
        labels=[int(v) for v in labels],
        a=[float(v) for v in a],
        b=[float(v) for v in b],
        weights=None if w is None else [float(v) for v in w],
        auc_a=ref["auc_a"],
        auc_b=ref["auc_b"],
        variance=var,
        p_value=float(2 * st.norm.sf(abs(z))),
        lower=d - Z95 * np.sqrt(var),
        upper=d + Z95 * np.sqrt(var),
    )


def mcnemar_case(name, labels, a, b, threshold=0.5):
    labels = np.asarray(labels)
    ra = (np.asarray(a) >= threshold).astype(int) == labels
    rb = (np.asarray(b) >= threshold).astype(int) == labels
    table = np.array([[np.sum(ra & rb), np.sum(ra & ~rb)], [np.sum(~ra & rb), np.sum(~ra & ~rb)]])
    bb, cc = int(table[0, 1]), int(table[1, 0])
    n = len(labels)
    exact = mcnemar(table, exact=True)
    chi2 = mcnemar(table, exact=False, correction=True)
    d = (bb - cc) / n
    se = np.sqrt(max(0.0, (bb + cc) / n - d * d) / n)
    flips = np.mean((np.asarray(a) >= threshold) != (np.asarray(b) >= threshold))
    return dict(
        name=name,
        labels=[int(v) for v in labels],
        a=[float(v) for v in a],
        b=[float(v) for v in b],
        threshold=threshold,
        b_count=bb,
        c_count=cc,
        p_exact=float(exact.pvalue),
        p_chi2=float(chi2.pvalue) if bb + cc > 0 else 1.0,
        p_used=float(exact.pvalue if bb + cc < 25 else chi2.pvalue),
        difference=d,
        lower=d - Z95 * se,
        upper=d + Z95 * se,
        flip_rate=float(flips),
    )


def main():
    rng = np.random.default_rng(20261122)
    delong = []
    # Hand-sized, with ties within and across classes.
    delong.append(
        delong_case(
            "tiny_ties",
            [1, 1, 0, 1, 0, 0, 1, 0],
            np.array([0.9, 0.8, 0.8, 0.6, 0.4, 0.4, 0.3, 0.1]),
            np.array([0.7, 0.7, 0.9, 0.5, 0.5, 0.2, 0.5, 0.3]),
        )
    )
    # Continuous, correlated models.
    n = 300
    y = rng.binomial(1, 0.35, n)
    signal = y * 1.0 + rng.normal(0, 1, n)
    a = 1 / (1 + np.exp(-(signal + rng.normal(0, 0.4, n))))
    b = 1 / (1 + np.exp(-(0.6 * signal + rng.normal(0, 0.8, n))))
    delong.append(delong_case("continuous_correlated", y, a, b))
    # Decile scores (like COMPAS): heavy ties in both models.
    n = 400
    y = rng.binomial(1, 0.45, n)
    latent = y * 0.9 + rng.normal(0, 1, n)
    a = np.clip(np.round(5.5 + 2 * latent + rng.normal(0, 1, n)), 1, 10) / 10
    b = np.clip(np.round(5.5 + 2 * latent + rng.normal(0, 2, n)), 1, 10) / 10
    delong.append(delong_case("decile_ties", y, a, b))
    # Weighted (Loupe's definition).
    n = 150
    y = rng.binomial(1, 0.4, n)
    latent = y * 1.2 + rng.normal(0, 1, n)
    a = np.round(1 / (1 + np.exp(-latent)), 2)
    b = np.round(1 / (1 + np.exp(-(latent + rng.normal(0, 1, n)))), 2)
    w = rng.uniform(0.2, 3.0, n)
    delong.append(delong_case("weighted_ties", y, a, b, w))

    mc = []
    n = 60
    y = rng.binomial(1, 0.5, n)
    a = np.clip(y * 0.3 + rng.uniform(0.2, 0.7, n), 0, 1)
    b = np.clip(a - 0.04 + rng.normal(0, 0.15, n), 0, 1)
    mc.append(mcnemar_case("few_discordant_exact", y, a, b))
    n = 500
    y = rng.binomial(1, 0.4, n)
    latent = y * 1.0 + rng.normal(0, 1, n)
    a = 1 / (1 + np.exp(-(latent - 0.4)))
    b = 1 / (1 + np.exp(-(0.3 * latent + rng.normal(0, 1.2, n) - 0.4)))
    mc.append(mcnemar_case("many_discordant_chi2", y, a, b))
    mc.append(mcnemar_case("identical_models", y, a, a))
    mc.append(mcnemar_case("threshold_0_3", y, a, b, threshold=0.3))

    out = dict(delong=delong, mcnemar=mc)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "comparison_metrics.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for c in mc:
        print(c["name"], c["b_count"], c["c_count"], c["p_used"])
    for c in delong:
        print(c["name"], c["auc_a"], c["auc_b"], c["variance"], c["p_value"])


main()
