#!/usr/bin/env python3
"""Writes eval_small_fairness_expected.json: fairlearn's group rates and summary metrics for
eval_small.csv (model a = p_a, label y = "yes"), by `segment` and by `region`, at thresholds 0.3
and 0.5, unweighted and weighted by `w`. Rows with a missing label or a missing p_b are left out,
as `loupe build --score a=p_a --score b=p_b` does.

Run with numpy, pandas and fairlearn installed:  python3 make_fairness_fixture.py
"""
import json

import numpy as np
import pandas as pd
from fairlearn import metrics as fm
from sklearn.metrics import accuracy_score

df = pd.read_csv("eval_small.csv", keep_default_na=True)
df = df[df["y"].notna() & df["p_b"].notna()]
y = (df["y"] == "yes").to_numpy(int)
s = df["p_a"].to_numpy(float)


def rates(y_true, y_pred, sample_weight=None):
    return {
        "selection_rate": fm.selection_rate(y_true, y_pred, sample_weight=sample_weight),
        "tpr": fm.true_positive_rate(y_true, y_pred, sample_weight=sample_weight),
        "fpr": fm.false_positive_rate(y_true, y_pred, sample_weight=sample_weight),
        "fnr": fm.false_negative_rate(y_true, y_pred, sample_weight=sample_weight),
        "tnr": fm.true_negative_rate(y_true, y_pred, sample_weight=sample_weight),
        "accuracy": accuracy_score(y_true, y_pred, sample_weight=sample_weight),
    }


out = {}
for weighted in (False, True):
    w = df["w"].to_numpy(float) if weighted else None
    for attribute in ("segment", "region"):
        groups = df[attribute].to_numpy(str)
        for threshold in (0.3, 0.5):
            pred = (s >= threshold).astype(int)
            keep = np.ones(len(df), bool)
            if attribute == "region":
                # "Tiny" has 5 rows, below the minimum size: not in the summaries. "Solo" has no
                # positives, so its TPR is undefined (fairlearn says 0, Loupe leaves it out).
                keep = groups != "Tiny"
            entry = {"groups": {}, "summary": {}}
            for g in sorted(set(groups)):
                m = groups == g
                entry["groups"][g] = {k: float(v) for k, v in rates(y[m], pred[m], None if w is None else w[m]).items()}
            # Fairlearn's summaries are spreads of per-group rates. Loupe takes each rate over the
            # groups where it is defined, so "Solo" counts for selection rate and FPR but not TPR.
            frame = fm.MetricFrame(
                metrics={"sr": fm.selection_rate, "tpr": fm.true_positive_rate, "fpr": fm.false_positive_rate},
                y_true=y[keep], y_pred=pred[keep], sensitive_features=groups[keep],
                sample_params=None if w is None else {k: {"sample_weight": w[keep]} for k in ("sr", "tpr", "fpr")})
            by = frame.by_group
            has_pos = pd.Series({g: y[keep][groups[keep] == g].sum() > 0 for g in by.index})
            has_neg = pd.Series({g: (1 - y[keep][groups[keep] == g]).sum() > 0 for g in by.index})
            sr, tpr, fpr = by["sr"], by["tpr"][has_pos], by["fpr"][has_neg]
            entry["summary"] = {
                "demographic_parity_difference": sr.max() - sr.min(),
                "demographic_parity_ratio": sr.min() / sr.max(),
                "equalized_odds_difference": max(tpr.max() - tpr.min(), fpr.max() - fpr.min()),
                "equalized_odds_ratio": min(tpr.min() / tpr.max(), fpr.min() / fpr.max()),
                "equal_opportunity_difference": tpr.max() - tpr.min(),
            }
            if has_pos.all() and has_neg.all():  # where every rate is defined, this is fairlearn's own
                kw = {} if w is None else {"sample_weight": w[keep]}
                own = fm.equalized_odds_difference(y[keep], pred[keep], sensitive_features=groups[keep], **kw)
                assert abs(own - entry["summary"]["equalized_odds_difference"]) < 1e-12
                own = fm.demographic_parity_ratio(y[keep], pred[keep], sensitive_features=groups[keep], **kw)
                assert abs(own - entry["summary"]["demographic_parity_ratio"]) < 1e-12
            entry["summary"] = {k: float(v) for k, v in entry["summary"].items()}
            out[f"{'weighted' if weighted else 'unweighted'}/{attribute}/{threshold}"] = entry
json.dump(out, open("eval_small_fairness_expected.json", "w"), indent=1, sort_keys=True)
print("wrote eval_small_fairness_expected.json")
