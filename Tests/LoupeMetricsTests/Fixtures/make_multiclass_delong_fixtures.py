"""Generates multiclass_delong.json: DeLong's variances of the multiclass ROC AUCs, computed
independently (pairwise comparisons of every positive with every negative, O(n^2), no walk), for
`MulticlassDeLongTests`.

Made with numpy in the scratch venv of make_multiclass_fixtures.py:
    /work/venv-mc/bin/python make_multiclass_delong_fixtures.py
The JSON is committed; the Swift tests never need Python.

Definitions (LoupeMetrics/Multiclass/MulticlassRanking+DeLong.swift):
- placements with weighted counts: a positive's V10 = (weight of negatives scored lower + half
  the tied) / N, a negative's V01 = (weight of positives scored higher + half the tied) / P; the
  AUC A is the weighted mean of V10 over the positives.
- each class's OvR AUC variance: S10 / (m_eff - 1) + S01 / (n_eff - 1), S10 = sum_pos w (V10 -
  A)^2 / P, Kish's m_eff = P^2 / sum_pos w^2 (likewise for the negatives); for unit weights it
  is checked here against Sun & Xu's fast DeLong (midranks), S10/m + S01/n.
- the averages: Var = sum_i psi_i^2 with psi_i the average's coefficients applied to the row's
  influence on each AUC: w (V10 - A) / P as a positive, w (V01 - A) / N as a negative. Macro OvR:
  1/(defined classes); weighted OvR: W_c / sum of W over defined classes; Hand & Till's M: 1 /
  (2 pairs) on each ordered pair's AUC(a | b) (rows of a and b, score p_a), present classes.
"""
import json
import os

import numpy as np


def heaviside(d):
    return (d > 0) + 0.5 * (d == 0)


def placements(score, pos, neg, w):
    """V10 for positives, V01 for negatives, the AUC, P and N (weighted)."""
    sp, sn = score[pos], score[neg]
    wp, wn = w[pos], w[neg]
    P, N = wp.sum(), wn.sum()
    h = heaviside(sp[:, None] - sn[None, :])
    v10 = (h * wn[None, :]).sum(axis=1) / N
    v01 = (h * wp[:, None]).sum(axis=0) / P
    auc = (wp * v10).sum() / P
    return v10, v01, auc, P, N


def class_variance(score, pos, neg, w):
    if w[pos].sum() <= 0 or w[neg].sum() <= 0:
        return None
    v10, v01, auc, P, N = placements(score, pos, neg, w)
    m_eff = P * P / (w[pos] ** 2).sum()
    n_eff = N * N / (w[neg] ** 2).sum()
    if m_eff <= 1 or n_eff <= 1:
        return None
    s10 = (w[pos] * (v10 - auc) ** 2).sum() / P
    s01 = (w[neg] * (v01 - auc) ** 2).sum() / N
    return float(s10 / (m_eff - 1) + s01 / (n_eff - 1))


def midrank(x):
    order = np.argsort(x, kind="mergesort")
    z = x[order]
    n = len(x)
    t = np.zeros(n)
    i = 0
    while i < n:
        j = i
        while j < n and z[j] == z[i]:
            j += 1
        t[i:j] = 0.5 * (i + j - 1) + 1
        i = j
    out = np.empty(n)
    out[order] = t
    return out


def fast_delong(score, pos, neg):
    """Sun & Xu (2014): S10/m + S01/n from midranks (unit weights)."""
    x, y = score[pos], score[neg]
    m, n = len(x), len(y)
    tx, ty, tz = midrank(x), midrank(y), midrank(np.concatenate([x, y]))
    v10 = (tz[:m] - tx) / n
    v01 = 1 - (tz[m:] - ty) / m
    return float(np.var(v10, ddof=1) / m + np.var(v01, ddof=1) / n)


def influence(score, pos, neg, w):
    psi = np.zeros(len(score))
    v10, v01, auc, P, N = placements(score, pos, neg, w)
    psi[pos] = w[pos] * (v10 - auc) / P
    psi[neg] = w[neg] * (v01 - auc) / N
    return psi


def variances(y, p, w, k):
    n = len(y)
    W = np.array([w[y == c].sum() for c in range(k)])
    total = W.sum()
    defined = [c for c in range(k) if W[c] > 0 and total - W[c] > 0]
    present = [c for c in range(k) if W[c] > 0]
    per_class = [class_variance(p[:, c], y == c, y != c, w) if c in defined else None for c in range(k)]
    for c in defined:
        if per_class[c] is not None and np.all(w == 1):
            assert abs(per_class[c] - fast_delong(p[:, c], y == c, y != c)) <= 1e-12 * per_class[c]
    macro = weighted = ovo = None
    if defined:
        psi_macro, psi_weighted = np.zeros(n), np.zeros(n)
        for c in defined:
            psi = influence(p[:, c], y == c, y != c, w)
            psi_macro += psi / len(defined)
            psi_weighted += psi * W[c] / W[defined].sum()
        macro, weighted = float((psi_macro ** 2).sum()), float((psi_weighted ** 2).sum())
    if len(present) >= 2:
        pairs = len(present) * (len(present) - 1) / 2
        psi_ovo = np.zeros(n)
        for a in present:
            for b in present:
                if a != b:
                    psi_ovo += influence(p[:, a], y == a, y == b, w) / (2 * pairs)
        ovo = float((psi_ovo ** 2).sum())
    return {"rocAUC": per_class, "macro": macro, "weighted": weighted, "ovo": ovo}


def random_case(name, rng, n, k, weighted, group_count, decimals):
    y = rng.integers(0, k, n)
    logits = rng.normal(size=(n, k))
    logits[np.arange(n), y] += 1.0
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    p = np.round(p, decimals)  # ties
    w = rng.uniform(0.2, 2.0, n) if weighted else np.ones(n)
    groups = rng.integers(0, group_count, n)
    return build(name, y, p, w if weighted else None, groups, group_count, k)


def build(name, y, p, w, groups, group_count, k):
    weights = np.ones(len(y)) if w is None else w
    expected = [variances(y, p, weights, k)]
    for g in range(group_count):
        rows = groups == g
        expected.append(variances(y[rows], p[rows], weights[rows], k))
    return {
        "name": name, "classCount": k, "labels": [int(v) for v in y],
        "probabilities": [float(v) for v in p.reshape(-1)],
        "weights": None if w is None else [float(v) for v in w],
        "groups": [int(g) for g in groups], "groupCount": group_count, "expected": expected,
    }


def main():
    rng = np.random.default_rng(12)
    cases = []
    # By hand: 3 classes, 9 rows, ties across classes, weights; group 1 lacks class 2.
    y = np.array([0, 0, 0, 1, 1, 1, 2, 2, 0])
    p = np.array([
        [0.6, 0.3, 0.1], [0.5, 0.25, 0.25], [0.2, 0.5, 0.3], [0.2, 0.6, 0.2], [0.5, 0.25, 0.25],
        [0.1, 0.8, 0.1], [0.2, 0.2, 0.6], [0.3, 0.3, 0.4], [0.6, 0.2, 0.2],
    ])
    w = np.array([1.0, 2.0, 0.5, 1.0, 1.5, 1.0, 2.0, 1.0, 0.5])
    cases.append(build("hand-ties-weights", y, p, w, np.array([0, 1, 0, 1, 0, 1, 0, 0, 1]), 2, 3))
    cases.append(random_case("random-unweighted", rng, 400, 4, False, 3, 2))
    cases.append(random_case("random-weighted", rng, 400, 5, True, 2, 2))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "multiclass_delong.json")
    with open(out, "w") as f:
        json.dump({"generator": "make_multiclass_delong_fixtures.py", "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
