"""Generates fairness_bootstrap.json: reference intervals for Loupe's bootstrap of Fairlearn's
summary metrics (FairnessSummaryBootstrap), computed independently in Python by resampling
*rows*, where Loupe draws confusion cells.

Run from anywhere:  python make_fairness_bootstrap_fixtures.py   (numpy). The JSON is committed;
the Swift tests never need Python.

- Data: three groups (600, 900, 1500 rows) with different base rates, two models' scores.
- Summary metrics (Fairlearn's between-groups definitions, as FairnessSummary): demographic
  parity difference / ratio, equal opportunity difference, equalized odds difference / ratio,
  predicted positive iff score >= 0.5.
- Bootstrap: every row gets a Poisson(1) multiplicity (the Poisson bootstrap Loupe's cells
  reproduce exactly without weights), 40,000 replicates; the interval is Loupe's bias-corrected
  percentile interval: the 2.5% and 97.5% quantiles (numpy's linear rule) shifted by
  estimate - mean(replicates), widened to contain the estimate.
- Paired: the same multiplicities for both models; the differences model A - model B.
A Monte Carlo reference: the Swift test compares with a tolerance, not exactly.
"""
import json
import os

import numpy as np

R = 40_000
rng = np.random.default_rng(20261204)
sizes = [600, 900, 1500]
base = [0.25, 0.4, 0.55]
groups = np.concatenate([np.full(n, g) for g, n in enumerate(sizes)])
y = np.concatenate([(rng.random(n) < b).astype(int) for n, b in zip(sizes, base)])
noise = rng.normal(size=y.size)
score_a = 1 / (1 + np.exp(-(1.4 * (y - 0.5) + 0.35 * groups - 0.3 + 0.9 * noise)))
score_b = 1 / (1 + np.exp(-(1.2 * (y - 0.5) + 0.05 * groups - 0.1 + 0.9 * noise + 0.5 * rng.normal(size=y.size))))
NAMES = [
    "demographic_parity_difference", "demographic_parity_ratio", "equalized_odds_difference",
    "equalized_odds_ratio", "equal_opportunity_difference",
]


def summary(w, score):
    pred = score >= 0.5
    sel, tpr, fpr = [], [], []
    for g in range(len(sizes)):
        m = groups == g
        wg = w[m]
        sel.append(np.sum(wg * pred[m]) / np.sum(wg))
        pos, neg = m & (y == 1), m & (y == 0)
        tpr.append(np.sum(w[pos] * pred[pos]) / np.sum(w[pos]))
        fpr.append(np.sum(w[neg] * pred[neg]) / np.sum(w[neg]))
    sel, tpr, fpr = map(np.array, (sel, tpr, fpr))
    return {
        "demographic_parity_difference": sel.max() - sel.min(),
        "demographic_parity_ratio": sel.min() / sel.max(),
        "equal_opportunity_difference": tpr.max() - tpr.min(),
        "equalized_odds_difference": max(tpr.max() - tpr.min(), fpr.max() - fpr.min()),
        "equalized_odds_ratio": min(tpr.min() / tpr.max(), fpr.min() / fpr.max()),
    }


def corrected(reps, estimate):
    lo, hi = np.quantile(reps, [0.025, 0.975])
    shift = estimate - reps.mean()
    return [float(min(lo + shift, estimate)), float(max(hi + shift, estimate))]


ones = np.ones(y.size)
est_a, est_b = summary(ones, score_a), summary(ones, score_b)
reps_a = {k: [] for k in NAMES}
reps_d = {k: [] for k in NAMES}
for _ in range(R):
    w = rng.poisson(1.0, size=y.size).astype(float)
    a, b = summary(w, score_a), summary(w, score_b)
    for k in NAMES:
        reps_a[k].append(a[k])
        reps_d[k].append(a[k] - b[k])
out = {
    "labels": y.tolist(),
    "groups": groups.tolist(),
    "scoresA": score_a.tolist(),
    "scoresB": score_b.tolist(),
    "threshold": 0.5,
    "summaryA": {k: {"value": float(est_a[k]), "interval": corrected(np.array(reps_a[k]), est_a[k])} for k in NAMES},
    "difference": {
        k: {"value": float(est_a[k] - est_b[k]), "interval": corrected(np.array(reps_d[k]), est_a[k] - est_b[k])}
        for k in NAMES
    },
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fairness_bootstrap.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", path)
