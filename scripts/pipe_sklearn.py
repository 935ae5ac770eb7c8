#!/usr/bin/env python3
"""The benchmark workload done the usual Python way: pandas + scikit-learn.

Usage: pipe_sklearn.py DATA.csv OUTDIR

Does the same work as `loupe build` on the benchmark workload (see scripts/benchmark.sh), as an
analyst would write it: `pandas.read_csv`, `groupby`, scikit-learn metric functions per group.

  1. overall metrics for both models (score_a, score_b);
  2. the same per sex, race, age_band, region and sex x race;
  3. fairness rates per race and per sex at thresholds 0.1 ... 0.9, with the largest gaps;
  4. accuracy and ROC AUC per day (timestamp).

Label metrics use threshold 0.5 (predicted positive iff score >= 0.5), positive label 1 and
zero_division=0; metrics are unweighted. ROC AUC and average precision are NaN for a group with
only one class. Writes OUTDIR/{overall,slices,fairness,fairness_summary,daily}.csv.
"""
import os
import sys

import numpy as np
import pandas as pd
from sklearn import metrics as skm

MODELS = ("score_a", "score_b")
SLICINGS = (("sex",), ("race",), ("age_band",), ("region",), ("sex", "race"))
SENSITIVE = ("race", "sex")
THRESHOLDS = tuple(k / 10 for k in range(1, 10))


def binary_metrics(y, score, threshold=0.5):
    """The label and score metrics of one model on one group."""
    y = np.asarray(y)
    score = np.asarray(score)
    predicted = (score >= threshold).astype(np.int8)
    both_classes = 0 < y.sum() < len(y)
    return {
        "count": len(y),
        "accuracy": skm.accuracy_score(y, predicted),
        "precision": skm.precision_score(y, predicted, zero_division=0),
        "recall": skm.recall_score(y, predicted, zero_division=0),
        "f1": skm.f1_score(y, predicted, zero_division=0),
        "roc_auc": skm.roc_auc_score(y, score) if both_classes else np.nan,
        "average_precision": skm.average_precision_score(y, score) if both_classes else np.nan,
        "log_loss": skm.log_loss(y, score, labels=[0, 1]),
        "brier": skm.brier_score_loss(y, score, labels=[0, 1]),
    }


def overall(df):
    return pd.DataFrame([{"model": m, **binary_metrics(df["label"], df[m])} for m in MODELS])


def per_slice(df):
    records = []
    for columns in SLICINGS:
        for key, group in df.groupby(list(columns), sort=True):
            key = key if isinstance(key, tuple) else (key,)
            value = "|".join(map(str, key))
            for m in MODELS:
                records.append({"slice": "x".join(columns), "value": value, "model": m,
                                **binary_metrics(group["label"], group[m])})
    return pd.DataFrame(records).sort_values(["slice", "value", "model"], kind="stable")


def fairness(df):
    y = df["label"].to_numpy().astype(bool)
    rates, gaps = [], []
    for m in MODELS:
        score = df[m].to_numpy()
        for t in THRESHOLDS:
            predicted = score >= t
            cells = pd.DataFrame({
                "tp": predicted & y, "fp": predicted & ~y,
                "fn": ~predicted & y, "tn": ~predicted & ~y,
            })
            for attribute in SENSITIVE:
                c = cells.groupby(df[attribute], sort=True).sum()
                n = c.sum(axis=1)
                group = pd.DataFrame({
                    "selection_rate": (c.tp + c.fp) / n,
                    "tpr": c.tp / (c.tp + c.fn),
                    "fpr": c.fp / (c.fp + c.tn),
                    "fnr": c.fn / (c.tp + c.fn),
                    "tnr": c.tn / (c.fp + c.tn),
                    "ppv": (c.tp / (c.tp + c.fp)).fillna(0.0),
                    "npv": (c.tn / (c.tn + c.fn)).fillna(0.0),
                    "accuracy": (c.tp + c.tn) / n,
                })
                for name, row in group.iterrows():
                    rates.append({"model": m, "threshold": t, "attribute": attribute,
                                  "group": name, **row.to_dict()})
                spread = group.max() - group.min()
                gaps.append({
                    "model": m, "threshold": t, "attribute": attribute,
                    "demographic_parity_difference": spread["selection_rate"],
                    "demographic_parity_ratio": group.selection_rate.min() / group.selection_rate.max(),
                    "equalized_odds_difference": max(spread["tpr"], spread["fpr"]),
                    "equal_opportunity_difference": spread["tpr"],
                })
    return pd.DataFrame(rates), pd.DataFrame(gaps)


def daily(df):
    records = []
    for day, group in df.groupby("timestamp", sort=True):
        y = group["label"].to_numpy()
        record = {"day": day, "count": len(group)}
        for m in MODELS:
            score = group[m].to_numpy()
            record[f"accuracy_{m}"] = skm.accuracy_score(y, score >= 0.5)
            record[f"roc_auc_{m}"] = skm.roc_auc_score(y, score) if 0 < y.sum() < len(y) else np.nan
        records.append(record)
    return pd.DataFrame(records)


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__)
    data, outdir = argv[1], argv[2]
    os.makedirs(outdir, exist_ok=True)
    df = pd.read_csv(data)
    overall(df).to_csv(os.path.join(outdir, "overall.csv"), index=False)
    per_slice(df).to_csv(os.path.join(outdir, "slices.csv"), index=False)
    rates, gaps = fairness(df)
    rates.to_csv(os.path.join(outdir, "fairness.csv"), index=False)
    gaps.to_csv(os.path.join(outdir, "fairness_summary.csv"), index=False)
    daily(df).to_csv(os.path.join(outdir, "daily.csv"), index=False)


if __name__ == "__main__":
    main(sys.argv)
