#!/usr/bin/env python3
"""Recomputes a Loupe results.json with pandas + scikit-learn from the same data and reports the
largest difference per metric, overall and for every categorical slice.

Usage: check_against_sklearn.py DATA.csv RESULTS.json [--tolerance 1e-6]

Reads label, models, threshold, weights and slice specs from results.json itself (its
provenance.configuration), so it checks exactly what Loupe computed. Needs numpy, pandas and
scikit-learn. Exit status 1 when a difference exceeds the tolerance.
"""
import json
import math
import sys

import numpy as np
import pandas as pd
from sklearn import metrics as skm


def flag_values(configuration, flag):
    """Values of a flag in provenance.configuration, a list of command-line arguments."""
    return [configuration[i + 1] for i, c in enumerate(configuration[:-1]) if c == flag]


def reference(y, s, w, threshold):
    """Every contract metric, computed the way scikit-learn does."""
    pred = (s >= threshold).astype(int)
    W = w.sum()
    out = {"count": len(y), "weighted_count": W}
    tp = w[(pred == 1) & (y == 1)].sum(); fp = w[(pred == 1) & (y == 0)].sum()
    tn = w[(pred == 0) & (y == 0)].sum(); fn = w[(pred == 0) & (y == 1)].sum()
    div = lambda a, b: a / b if b > 0 else None
    out["accuracy"] = skm.accuracy_score(y, pred, sample_weight=w)
    out["precision"] = div(tp, tp + fp)
    out["recall"] = div(tp, tp + fn)
    out["fpr"] = div(fp, fp + tn)
    out["fnr"] = div(fn, fn + tp)
    out["tnr"] = div(tn, tn + fp)
    out["selection_rate"] = (tp + fp) / W
    out["f1"] = skm.f1_score(y, pred, sample_weight=w) if (tp + fp) > 0 and (tp + fn) > 0 else None
    both = 0 < y.sum() < len(y)
    out["balanced_accuracy"] = skm.balanced_accuracy_score(y, pred, sample_weight=w) if both else None
    marg = [(tp + fp), (tp + fn), (tn + fp), (tn + fn)]
    out["mcc"] = skm.matthews_corrcoef(y, pred, sample_weight=w) if all(m > 0 for m in marg) else None
    out["roc_auc"] = skm.roc_auc_score(y, s, sample_weight=w) if both else None
    out["average_precision"] = skm.average_precision_score(y, s, sample_weight=w) if both else None
    out["log_loss"] = skm.log_loss(y, np.clip(s, 1e-15, 1 - 1e-15), sample_weight=w, labels=[0, 1])
    out["brier"] = skm.brier_score_loss(y, s, sample_weight=w) if ((s >= 0) & (s <= 1)).all() else None
    out["mean_prediction"] = np.average(s, weights=w)
    out["mean_label"] = np.average(y, weights=w)
    bins = np.minimum((s * 10).astype(int), 9)
    ece = 0.0
    for b in range(10):
        m = bins == b
        if w[m].sum() > 0:
            ece += w[m].sum() / W * abs(np.average(y[m], weights=w[m]) - np.average(s[m], weights=w[m]))
    out["ece"] = ece
    return out


def main():
    data_path, results_path = sys.argv[1], sys.argv[2]
    tolerance = float(sys.argv[sys.argv.index("--tolerance") + 1]) if "--tolerance" in sys.argv else 1e-6
    results = json.load(open(results_path))
    conf = results["provenance"]["configuration"]
    label = results["label"]
    positive = results.get("positiveLabel")
    models = dict(v.split("=", 1) for v in flag_values(conf, "--score"))
    weight = (flag_values(conf, "--weight") or [None])[0]
    threshold = results["threshold"]
    sep = "\t" if data_path.endswith(".tsv") else ","
    df = pd.read_csv(data_path, sep=sep, keep_default_na=True, dtype={label: str})
    y_text = df[label].astype(str).str.strip()
    keep = df[label].notna()
    for col in models.values():
        keep &= df[col].notna()
    if weight:
        keep &= df[weight].notna()
    df = df[keep]
    y_text = y_text[keep]
    pos = str(positive)
    y = np.where((y_text == pos) | (y_text.str.lower() == pos.lower()) |
                 (pd.to_numeric(y_text, errors="coerce") == pd.to_numeric(pos, errors="coerce")), 1, 0)
    w = df[weight].to_numpy(float) if weight else np.ones(len(df))

    worst = {}

    def compare(where, loupe_metrics, y, s, w):
        ref = reference(y, s, w, threshold)
        for name, expected in ref.items():
            got = loupe_metrics.get(name, {}).get("value")
            if expected is None or (isinstance(expected, float) and math.isnan(expected)):
                if got is not None:
                    worst[name] = max(worst.get(name, 0), float("inf"))
                    print(f"  {where} {name}: loupe {got}, scikit-learn undefined")
                continue
            if got is None:
                print(f"  {where} {name}: loupe undefined, scikit-learn {expected}")
                worst[name] = float("inf")
                continue
            diff = abs(got - expected)
            worst[name] = max(worst.get(name, 0), diff)
            if diff > tolerance:
                print(f"  {where} {name}: loupe {got!r}, scikit-learn {expected!r} (diff {diff:.3g})")

    checked = 0
    for model, col in models.items():
        s = df[col].to_numpy(float)
        compare(f"overall/{model}", results["overall"][model], y, s, w)
        checked += 1
        for sl in results["slices"]:
            if sl["tooSmall"] or model not in sl["metrics"]:
                continue
            mask = np.ones(len(df), bool)
            ok = True
            for column, value in sl["key"].items():
                if pd.api.types.is_numeric_dtype(df[column]):
                    ok = False  # binned or numeric-valued slices are skipped
                    break
                mask &= df[column].astype(str).to_numpy() == value
            if not ok:
                continue
            compare(f"{sl['key']}/{model}", sl["metrics"][model], y[mask], s[mask], w[mask])
            checked += 1
    print(f"checked {checked} model × slice metric sets against scikit-learn")
    for name in sorted(worst):
        print(f"  {name:20s} max |diff| = {worst[name]:.3g}")
    bad = [n for n, d in worst.items() if d > tolerance]
    print(f"{len(worst) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
