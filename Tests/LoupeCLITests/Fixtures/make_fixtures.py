#!/usr/bin/env python3
"""Writes the end-to-end fixtures of LoupeCLITests: a small evaluation file with the awkward
cases, and scikit-learn's values for it overall and per slice.

  eval_small.csv            600 rows: label y (yes/no), scores p_a and p_b, weight w, region,
                            segment; p_a rounded to 2 decimals (many ties); 6 rows with a missing
                            p_b, 3 with a missing label; region "Solo" has only negatives
                            (one-class slice); region "Tiny" has 5 rows (below the minimum size).
  eval_small_expected.json  per model: overall metrics, weighted and unweighted, and per region.

Run with numpy, pandas and scikit-learn installed:  python3 make_fixtures.py
"""
import json

import numpy as np
import pandas as pd
from sklearn import metrics as skm

rng = np.random.default_rng(42)
n = 600
region = rng.choice(["North", "South", "East", "West"], size=n, p=[0.4, 0.3, 0.2, 0.1]).astype(object)
region[:40] = "Solo"
region[40:45] = "Tiny"
segment = rng.choice(["retail", "business"], size=n)
latent = rng.normal(size=n)
y = (latent + rng.normal(scale=0.8, size=n) > 0.6).astype(int)
y[:40] = 0
p_a = np.round(1 / (1 + np.exp(-(1.2 * latent - 0.8 + rng.normal(scale=0.7, size=n)))), 2)
p_b = np.round(1 / (1 + np.exp(-(0.6 * latent - 0.7 + rng.normal(scale=1.0, size=n)))), 6)
w = np.round(rng.gamma(4.0, 0.25, size=n), 3)

df = pd.DataFrame({"y": np.where(y == 1, "yes", "no"), "p_a": p_a, "p_b": p_b, "w": w,
                   "region": region, "segment": segment})
df["p_b"] = df["p_b"].astype(object)
df.loc[[50, 51, 52, 300, 301, 599], "p_b"] = np.nan
df.loc[[60, 61, 62], "y"] = np.nan
df.to_csv("eval_small.csv", index=False, na_rep="NA")

used = df[df["y"].notna() & df["p_b"].notna()].copy()
yy = (used["y"] == "yes").to_numpy(int)


def metric_set(y, s, w):
    pred = (s >= 0.5).astype(int)
    both = 0 < y.sum() < len(y)
    tp = w[(pred == 1) & (y == 1)].sum(); fp = w[(pred == 1) & (y == 0)].sum()
    tn = w[(pred == 0) & (y == 0)].sum(); fn = w[(pred == 0) & (y == 1)].sum()
    out = {
        "count": int(len(y)), "weighted_count": float(w.sum()),
        "accuracy": skm.accuracy_score(y, pred, sample_weight=w),
        "precision": tp / (tp + fp) if tp + fp > 0 else None,
        "recall": tp / (tp + fn) if tp + fn > 0 else None,
        "fpr": fp / (fp + tn) if fp + tn > 0 else None,
        "selection_rate": (tp + fp) / w.sum(),
        "roc_auc": skm.roc_auc_score(y, s, sample_weight=w) if both else None,
        "average_precision": skm.average_precision_score(y, s, sample_weight=w) if both else None,
        "log_loss": skm.log_loss(y, np.clip(s, 1e-15, 1 - 1e-15), sample_weight=w, labels=[0, 1]),
        "brier": skm.brier_score_loss(y, s, sample_weight=w),
        "mean_label": float(np.average(y, weights=w)),
    }
    if tp + fp > 0 and tp + fn > 0:
        out["f1"] = skm.f1_score(y, pred, sample_weight=w)
    if all(m > 0 for m in [tp + fp, tp + fn, tn + fp, tn + fn]):
        out["mcc"] = skm.matthews_corrcoef(y, pred, sample_weight=w)
    return {k: (None if v is None else float(v)) for k, v in out.items()}


expected = {"rowsRead": n, "rowsUsed": int(len(used)),
            "excluded": {"missing label": 3, "missing score (b)": 6}, "weighted": {}, "unweighted": {}}
for weighted in (True, False):
    key = "weighted" if weighted else "unweighted"
    for model, col in (("a", "p_a"), ("b", "p_b")):
        s = used[col].astype(float).to_numpy()
        w = used["w"].to_numpy(float) if weighted else np.ones(len(used))
        entry = {"overall": metric_set(yy, s, w), "region": {}}
        for r in sorted(used["region"].unique()):
            m = (used["region"] == r).to_numpy()
            entry["region"][r] = metric_set(yy[m], s[m], w[m])
        expected[key][model] = entry
json.dump(expected, open("eval_small_expected.json", "w"), indent=1, sort_keys=True)
print("wrote eval_small.csv and eval_small_expected.json")
