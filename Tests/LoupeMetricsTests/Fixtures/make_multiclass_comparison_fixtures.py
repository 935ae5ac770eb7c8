"""Generates multiclass_comparison.json: McNemar's test of two multiclass models' accuracy on the
same rows, computed in Python, for `PairedMulticlassCells`.

Run from anywhere:  python make_multiclass_comparison_fixtures.py   (numpy, scipy, statsmodels).
The JSON is committed; the Swift tests never need Python.

Each case holds rows (label, both models' class probabilities, rounded to 3 decimals so ties
occur), the predicted class of each model by numpy's argmax (the lowest class on ties, as
Loupe), the discordant counts b (candidate right, baseline wrong) and c (the reverse), and
statsmodels' `mcnemar([[n11, b], [c, n00]])` p-value: `exact=True` when b + c < 25, otherwise
`exact=False, correction=True` (Loupe's rule for unweighted rows) — except that with b = c
statsmodels squares the negative corrected difference (|b - c| - 1)^2 = 1 and reports p < 1,
where Loupe clamps the corrected difference at 0 (chi2 = 0, p = 1: equal discordant counts are
no evidence of a difference); the "equal counts" case records Loupe's 1 and statsmodels' value
beside it. The difference of accuracies
(b - c) / n with the paired Wald interval d +- z sqrt((b/n + c/n - d^2) / n).
"""
import json
import os

import numpy as np
import scipy.stats as st
from statsmodels.stats.contingency_tables import mcnemar

Z95 = st.norm.ppf(0.975)


def model(rng, labels, k, skill):
    logits = rng.normal(size=(len(labels), k))
    logits[np.arange(len(labels)), labels] += skill
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    return np.round(p, 3)


def case(name, n, k, skill_a, skill_b, seed):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, k, size=n)
    a = model(rng, labels, k, skill_a)
    b = model(rng, labels, k, skill_b)
    pa, pb = a.argmax(axis=1), b.argmax(axis=1)
    ra, rb = pa == labels, pb == labels
    n11 = int(np.sum(ra & rb))
    bc = int(np.sum(ra & ~rb))
    cb = int(np.sum(~ra & rb))
    n00 = int(np.sum(~ra & ~rb))
    exact = bc + cb < 25
    result = mcnemar([[n11, bc], [cb, n00]], exact=exact, correction=True)
    p_value = float(result.pvalue)
    if not exact and bc == cb:
        p_value = 1.0
    d = (bc - cb) / n
    half = Z95 * np.sqrt(max(0.0, bc / n + cb / n - d * d) / n)
    return {
        "name": name,
        "classCount": k,
        "labels": labels.tolist(),
        "candidate": a.flatten().tolist(),
        "baseline": b.flatten().tolist(),
        "candidatePredicted": pa.tolist(),
        "baselinePredicted": pb.tolist(),
        "b": bc,
        "c": cb,
        "exact": bool(exact),
        "pValue": p_value,
        "statsmodelsPValue": float(result.pvalue),
        "difference": d,
        "lower": d - half,
        "upper": d + half,
    }


cases = [
    case("few discordant rows, exact binomial", 50, 3, 3.5, 2.2, 1),
    case("many discordant rows, corrected chi-squared", 400, 4, 2.0, 1.2, 2),
    case("equal skill, five classes, equal discordant counts", 300, 5, 1.5, 1.5, 3),
    case("weak difference, five classes", 500, 5, 1.6, 1.4, 4),
]
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "multiclass_comparison.json")
with open(out, "w") as f:
    json.dump({"z95": Z95, "mcnemar": cases}, f, indent=1)
    f.write("\n")
