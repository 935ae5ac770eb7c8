"""Generates multiclass_fairness.json: expected values of Loupe's multiclass fairness analysis
(per class, each group's one-vs-rest rates at the argmax decision; each group's accuracy; gaps to
the reference group with Holm's adjustment; Fairlearn's summary metrics per class), computed
independently with Fairlearn's MetricFrame, scikit-learn and statsmodels.

Run from the Fixtures folder:  python make_multiclass_fairness_fixtures.py   (numpy, pandas,
scikit-learn, statsmodels, fairlearn). The JSON is committed; the Swift tests never need Python.

Conventions (Loupe's, documented in LoupeMetrics/Fairness/MulticlassFairness.swift):
- a row is predicted its argmax class (numpy's argmax: the lowest class on ties);
- class c's rates are Fairlearn's selection_rate, true_positive_rate and false_positive_rate of
  (y == c, pred == c); a rate is null where its denominator is empty (Fairlearn reports 0 for a TPR
  without positives: `fairlearn_tpr` keeps its value so the test can show the departure);
- accuracy per group is scikit-learn's accuracy_score;
- gaps as the binary fixture's (Newcombe interval, pooled z-test, Kish n_eff as nobs); Holm's
  adjustment over every (class, group, rate) comparison and every group's accuracy comparison;
- groups with fewer than MIN_GROUP_SIZE rows are too small; the reference is the largest group.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
from fairlearn.metrics import MetricFrame, false_positive_rate, selection_rate, true_positive_rate
from sklearn import metrics as skm
from statsmodels.stats.multitest import multipletests

from make_fairness_fixtures import gap, nan_aware, none_if_nan, wilson
from make_fixtures import kish

MIN_GROUP_SIZE = 30
RATES = ["selection_rate", "tpr", "fpr"]
warnings.simplefilter("ignore")


def class_rates(y, pred, w, sw, c):
    """Fairlearn's one-vs-rest rates of class c in one group, with each denominator's Kish size."""
    yc, pc = (y == c).astype(int), (pred == c).astype(int)
    fl = {
        "selection_rate": selection_rate(yc, pc, sample_weight=sw),
        "tpr": true_positive_rate(yc, pc, sample_weight=sw),
        "fpr": false_positive_rate(yc, pc, sample_weight=sw),
    }
    masks = {"selection_rate": np.ones_like(yc, dtype=bool), "tpr": yc == 1, "fpr": yc == 0}
    out = {}
    for rate in RATES:
        m = masks[rate]
        out[rate] = (None if w[m].sum() <= 0 else float(fl[rate]), kish(w[m]) if m.any() else 0.0)
    return out, float(fl["tpr"])


def summaries(y, pred, sw, sf, c):
    params = {"sample_weight": sw}
    mf = MetricFrame(
        metrics={"sel": selection_rate, "tpr": nan_aware(true_positive_rate, 1), "fpr": nan_aware(false_positive_rate, 0)},
        y_true=(y == c).astype(int), y_pred=(pred == c).astype(int), sensitive_features=sf,
        sample_params={"sel": params, "tpr": params, "fpr": params})
    diff, ratio = mf.difference(), mf.ratio()
    both = lambda a, b, f: None if np.isnan(a) and np.isnan(b) else float(f([a, b]))
    return {
        "demographic_parity_difference": none_if_nan(diff["sel"]),
        "demographic_parity_ratio": none_if_nan(ratio["sel"]),
        "equalized_odds_difference": both(diff["tpr"], diff["fpr"], np.nanmax),
        "equalized_odds_ratio": both(ratio["tpr"], ratio["fpr"], np.nanmin),
        "equal_opportunity_difference": none_if_nan(diff["tpr"]),
    }


def case(name, y, proba, w, codes, group_names, class_names, note=""):
    y = np.asarray(y, dtype=int); codes = np.asarray(codes, dtype=int)
    proba = np.asarray(proba, dtype=float)
    weighted = w is not None
    w = np.asarray(w, dtype=float) if weighted else np.ones(len(y))
    sw = w if weighted else None
    pred = proba.argmax(axis=1)
    K, G = len(class_names), len(group_names)
    rows = [int((codes == g).sum()) for g in range(G)]
    eligible = [r > 0 and r >= MIN_GROUP_SIZE for r in rows]
    ref = int(np.argmax(rows))
    family = []
    classes = []
    for c in range(K):
        groups = []
        for g in range(G):
            m = codes == g
            entry = {"group": group_names[g], "count": rows[g], "positives": int((y[m] == c).sum()),
                     "too_small": not eligible[g], "metrics": {}, "gaps": {}, "fairlearn_tpr": None}
            if eligible[g]:
                rates, fl_tpr = class_rates(y[m], pred[m], w[m], sw[m] if weighted else None, c)
                entry["fairlearn_tpr"] = fl_tpr
                for rate in RATES:
                    p, n = rates[rate]
                    ci = wilson(p, n)
                    entry["metrics"][rate] = {"value": p, "lower": ci[0] if ci else None, "upper": ci[1] if ci else None}
                entry["_rates"] = rates
            groups.append(entry)
        if eligible[ref]:
            for g in range(G):
                if g == ref or not eligible[g]:
                    continue
                for rate in RATES:
                    (p1, n1), (p2, n2) = groups[g]["_rates"][rate], groups[ref]["_rates"][rate]
                    groups[g]["gaps"][rate] = gap(p1, n1, p2, n2)
                    family.append(groups[g]["gaps"][rate])
        keep = np.isin(codes, [g for g in range(G) if eligible[g]])
        sf = pd.Series([group_names[x] for x in codes[keep]])
        summary = summaries(y[keep], pred[keep], sw[keep] if weighted else None, sf, c)
        classes.append({"class": class_names[c], "groups": groups, "summary": summary})
    accuracy = []
    acc = {}
    for g in range(G):
        m = codes == g
        entry = {"group": group_names[g], "count": rows[g], "correct": int((y[m] == pred[m]).sum()),
                 "too_small": not eligible[g], "accuracy": None, "gap": None}
        if eligible[g]:
            p = float(skm.accuracy_score(y[m], pred[m], sample_weight=sw[m] if weighted else None))
            acc[g] = (p, kish(w[m]))
            ci = wilson(p, acc[g][1])
            entry["accuracy"] = {"value": p, "lower": ci[0], "upper": ci[1]}
        accuracy.append(entry)
    if eligible[ref]:
        for g in range(G):
            if g != ref and eligible[g]:
                accuracy[g]["gap"] = gap(*acc[g], *acc[ref])
                family.append(accuracy[g]["gap"])
    defined = [f for f in family if f["p_value"] is not None]
    if defined:
        for f, a in zip(defined, multipletests([f["p_value"] for f in defined], method="holm")[1]):
            f["holm_p_value"] = float(a)
    for f in family:
        f.setdefault("holm_p_value", None)
    for c in classes:
        for g in c["groups"]:
            g.pop("_rates", None)
    return {"name": name, "note": note, "labels": y.tolist(), "probabilities": proba.ravel().tolist(),
            "weights": w.tolist() if weighted else None, "groups": codes.tolist(), "group_names": group_names,
            "class_names": class_names, "reference": group_names[ref], "classes": classes, "accuracy": accuracy}


def synthetic(rng, sizes, K, degrade):
    """Rows of K classes per group; in group `degrade[0]` class `degrade[1]` is confused more."""
    y, p, codes = [], [], []
    for g, n in enumerate(sizes):
        yg = rng.integers(0, K, size=n)
        logits = rng.normal(scale=1.0, size=(n, K))
        strength = np.full(n, 2.0)
        if g == degrade[0]:
            strength[yg == degrade[1]] = 0.3
        logits[np.arange(n), yg] += strength
        pg = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        y += yg.tolist(); p += np.round(pg, 3).tolist(); codes += [g] * n
    order = rng.permutation(len(y))
    return np.array(y)[order], np.array(p)[order], np.array(codes)[order]


def main():
    rng = np.random.default_rng(20261205)
    cases = []
    y, p, codes = synthetic(rng, [160, 120, 90], 4, (1, 2))
    cases.append(case("four_classes_planted_gap", y, p, None, codes, ["north", "south", "east"],
                      ["cat", "dog", "fox", "owl"], "class fox degraded in south; rounded probabilities give argmax ties"))
    w = rng.choice([0.5, 1.0, 2.0, 3.5], size=len(y))
    cases.append(case("weighted", y, p, w.tolist(), codes, ["north", "south", "east"], ["cat", "dog", "fox", "owl"]))
    # A group where class 2 has no rows (TPR null, not Fairlearn's 0) and a too-small group.
    y2, p2, codes2 = synthetic(rng, [80, 60, 12], 3, (0, 1))
    y2[(codes2 == 1) & (y2 == 2)] = 0
    cases.append(case("class_without_support_and_tiny_group", y2, p2, None, codes2, ["a", "b", "tiny"],
                      ["0", "1", "2"], "group b has no rows of class 2; group tiny is too small"))
    # Ties: every probability equal, so every row is predicted class 0.
    n = 70
    cases.append(case("all_ties_predict_first_class", rng.integers(0, 3, size=n), np.full((n, 3), 1 / 3), None,
                      np.repeat([0, 1], [40, 30]), ["x", "y"], ["a", "b", "c"]))
    out = {"confidence": 0.95, "min_group_size": MIN_GROUP_SIZE, "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "multiclass_fairness.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
