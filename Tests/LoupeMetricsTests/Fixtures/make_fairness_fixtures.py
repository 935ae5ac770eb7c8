"""Generates fairness_metrics.json: expected values of Loupe's fairness analysis, computed
independently with Fairlearn (MetricFrame and its summary metrics), scikit-learn, statsmodels,
and a brute-force threshold search.

Run from anywhere:  python make_fairness_fixtures.py   (numpy, pandas, scikit-learn, statsmodels,
fairlearn). The JSON is committed; the Swift tests never need Python.

Conventions (Loupe's, documented in LoupeMetrics/Fairness):
- predicted positive iff score >= threshold; a rate is null where its denominator is empty
  (Fairlearn / scikit-learn report 0 for a TPR without positives: see `fairlearn_reported`);
- groups with fewer than MIN_GROUP_SIZE rows are too small: no rates, no gaps, and left out of the
  summary metrics (Fairlearn is run on the remaining rows only);
- Wilson intervals and the gap statistics use Kish's n_eff = (sum w)^2 / sum w^2 of the rate's
  denominator rows as nobs, and p * n_eff as count;
- reference group: the one with the most rows.
"""
import json
import os
import warnings

import numpy as np
import pandas as pd
from fairlearn.metrics import (
    MetricFrame,
    demographic_parity_difference,
    demographic_parity_ratio,
    equal_opportunity_difference,
    equalized_odds_difference,
    equalized_odds_ratio,
    false_negative_rate,
    false_positive_rate,
    selection_rate,
    true_negative_rate,
    true_positive_rate,
)
from sklearn import metrics as skm
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import (
    confint_proportions_2indep,
    proportion_confint,
    proportions_ztest,
    test_proportions_2indep,
)

from make_fixtures import delong_variance, kish

CONFIDENCE = 0.95
MIN_GROUP_SIZE = 30
RATES = ["selection_rate", "tpr", "fpr", "fnr", "tnr", "ppv", "npv", "accuracy"]
warnings.simplefilter("ignore")


def none_if_nan(v):
    return None if v is None or np.isnan(float(v)) else float(v)


def denominator_mask(rate, y, pred):
    return {
        "selection_rate": np.ones_like(y, dtype=bool), "accuracy": np.ones_like(y, dtype=bool),
        "tpr": y == 1, "fnr": y == 1, "fpr": y == 0, "tnr": y == 0, "ppv": pred == 1, "npv": pred == 0,
    }[rate]


def group_rates(y, pred, w, sw):
    """Fairlearn / scikit-learn values for one group (null where the denominator is empty)."""
    values = {
        "selection_rate": selection_rate(y, pred, sample_weight=sw),
        "tpr": true_positive_rate(y, pred, sample_weight=sw),
        "fpr": false_positive_rate(y, pred, sample_weight=sw),
        "fnr": false_negative_rate(y, pred, sample_weight=sw),
        "tnr": true_negative_rate(y, pred, sample_weight=sw),
        "ppv": skm.precision_score(y, pred, sample_weight=sw, zero_division=np.nan),
        "npv": skm.precision_score(y, pred, sample_weight=sw, zero_division=np.nan, pos_label=0),
        "accuracy": skm.accuracy_score(y, pred, sample_weight=sw),
    }
    out = {}
    for rate in RATES:
        m = denominator_mask(rate, y, pred)
        n = kish(w[m]) if m.any() else 0.0
        out[rate] = (None if w[m].sum() <= 0 else float(values[rate]), n)
    return out


def wilson(p, n):
    if p is None or n <= 0:
        return None
    lo, hi = proportion_confint(p * n, n, alpha=1 - CONFIDENCE, method="wilson")
    return [max(0.0, float(lo)), min(1.0, float(hi))]


def gap(p1, n1, p2, n2):
    if p1 is None or p2 is None:
        return {"difference": None, "lower": None, "upper": None, "p_value": None, "ratio": None}
    lo, hi = confint_proportions_2indep(p1 * n1, n1, p2 * n2, n2, compare="diff", method="newcomb", alpha=1 - CONFIDENCE)
    test = test_proportions_2indep(p1 * n1, n1, p2 * n2, n2, compare="diff", method="score", correction=False)
    pv = none_if_nan(test.pvalue)
    if pv is not None:  # the textbook pooled z-test must agree
        _, pz = proportions_ztest([p1 * n1, p2 * n2], [n1, n2])
        assert abs(pz - pv) < 1e-12, (pz, pv)
    return {"difference": p1 - p2, "lower": float(lo), "upper": float(hi), "p_value": pv,
            "ratio": p1 / p2 if p2 > 0 else None}


def nan_aware(f, need):
    """A Fairlearn base metric that is NaN (not 0) when its denominator is empty."""
    def g(y_true, y_pred, sample_weight=None):
        y_true = np.asarray(y_true)
        return f(y_true, y_pred, sample_weight=sample_weight) if (y_true == need).any() else np.nan
    return g


def summaries(y, pred, sw, sf):
    """Loupe's summary metrics: Fairlearn's between-groups difference / ratio with undefined rates as NaN."""
    params = {"sample_weight": sw}
    mf = MetricFrame(
        metrics={"sel": selection_rate, "tpr": nan_aware(true_positive_rate, 1), "fpr": nan_aware(false_positive_rate, 0)},
        y_true=y, y_pred=pred, sensitive_features=sf,
        sample_params={"sel": params, "tpr": params, "fpr": params})
    diff, ratio = mf.difference(), mf.ratio()
    both = lambda a, b, f: None if np.isnan(a) and np.isnan(b) else float(f([a, b]))
    ours = {
        "demographic_parity_difference": none_if_nan(diff["sel"]),
        "demographic_parity_ratio": none_if_nan(ratio["sel"]),
        "equalized_odds_difference": both(diff["tpr"], diff["fpr"], np.nanmax),
        "equalized_odds_ratio": both(ratio["tpr"], ratio["fpr"], np.nanmin),
        "equal_opportunity_difference": none_if_nan(diff["tpr"]),
    }
    reported = {
        "demographic_parity_difference": demographic_parity_difference(y, pred, sensitive_features=sf, sample_weight=sw),
        "demographic_parity_ratio": demographic_parity_ratio(y, pred, sensitive_features=sf, sample_weight=sw),
        "equalized_odds_difference": equalized_odds_difference(y, pred, sensitive_features=sf, sample_weight=sw),
        "equalized_odds_ratio": equalized_odds_ratio(y, pred, sensitive_features=sf, sample_weight=sw),
        "equal_opportunity_difference": equal_opportunity_difference(y, pred, sensitive_features=sf, sample_weight=sw),
    }
    return ours, {k: none_if_nan(v) for k, v in reported.items()}


def choose(objectives, candidates, d):
    """The candidate with the smallest objective; ties (1e-12 relative) to the one closest to d, then the smaller."""
    finite = [(o, c) for o, c in zip(objectives, candidates) if o is not None]
    if not finite:
        return None, None
    best = min(o for o, _ in finite)
    tied = [c for o, c in finite if o <= best + 1e-12 * max(1.0, abs(best))]
    return best, min(tied, key=lambda c: (abs(c - d), c))


def threshold_analysis(y, s, w, codes, eligible, ref, d, cost_ratio):
    """Brute force over every candidate threshold (distinct scores, one above the largest, d)."""
    grouped = codes >= 0
    top = np.nextafter(s[grouped].max(), np.inf)
    candidates = sorted(set(s[grouped].tolist()) | {float(top), d})
    G = len(eligible)

    def counts(g, t):
        m = codes == g
        sel = s >= t
        tp = w[m & sel & (y == 1)].sum(); fp = w[m & sel & (y == 0)].sum()
        return tp, fp, w[m & (y == 1)].sum(), w[m].sum()

    def cost(g, t):
        tp, fp, p, _ = counts(g, t)
        return fp * cost_ratio + (p - tp)

    tpr_target = sel_target = None
    if eligible[ref]:
        tp, fp, p, n = counts(ref, d)
        tpr_target = tp / p if p > 0 else None
        sel_target = (tp + fp) / n if n > 0 else None
    groups = []
    for g in range(G):
        if not eligible[g]:
            groups.append({"equal_opportunity": None, "demographic_parity": None, "lowest_cost": None})
            continue
        rows = [counts(g, t) for t in candidates]
        eo = [abs(tp / p - tpr_target) if tpr_target is not None and p > 0 else None for tp, fp, p, n in rows]
        dp = [abs((tp + fp) / n - sel_target) if sel_target is not None else None for tp, fp, p, n in rows]
        co = [fp * cost_ratio + (p - tp) for tp, fp, p, n in rows]
        groups.append({"equal_opportunity": choose(eo, candidates, d)[1], "demographic_parity": choose(dp, candidates, d)[1],
                       "lowest_cost": choose(co, candidates, d)[1], "lowest_cost_value": choose(co, candidates, d)[0]})
    totals = [sum(cost(g, t) for g in range(G)) for t in candidates]
    single_cost, single = choose(totals, candidates, d)
    per_group = sum(groups[g]["lowest_cost_value"] if eligible[g] else cost(g, single) for g in range(G))
    for gr in groups:
        gr.pop("lowest_cost_value", None)
    return {"cost_ratio": cost_ratio, "groups": groups, "single_threshold": single, "single_threshold_cost": single_cost,
            "per_group_cost": per_group, "decision_threshold_cost": sum(cost(g, d) for g in range(G))}


def case(name, y, s, w, codes, names, thresholds, weighted, cost_ratio=1.0, decision=0.5, note=""):
    y = np.asarray(y, dtype=int); s = np.asarray(s, dtype=float); codes = np.asarray(codes, dtype=int)
    w = np.asarray(w, dtype=float) if weighted else np.ones(len(y))
    sw = w if weighted else None
    G = len(names)
    rows = [int((codes == g).sum()) for g in range(G)]
    eligible = [r > 0 and r >= MIN_GROUP_SIZE for r in rows]
    ref = int(np.argmax(rows))
    keep = np.isin(codes, [g for g in range(G) if eligible[g]])
    out_thresholds = []
    for t in thresholds:
        pred = (s >= t).astype(int)
        rates = {}
        for g in range(G):
            m = codes == g
            rates[g] = group_rates(y[m], pred[m], w[m], sw[m] if weighted else None)
        groups, family = [], []
        for g in range(G):
            entry = {"group": names[g], "count": rows[g], "positives": int(y[codes == g].sum()), "too_small": not eligible[g],
                     "metrics": {}, "gaps": {}}
            if eligible[g]:
                for rate in RATES:
                    p, n = rates[g][rate]
                    ci = wilson(p, n)
                    entry["metrics"][rate] = {"value": p, "lower": ci[0] if ci else None, "upper": ci[1] if ci else None}
                if g != ref and eligible[ref]:
                    for rate in RATES:
                        (p1, n1), (p2, n2) = rates[g][rate], rates[ref][rate]
                        entry["gaps"][rate] = gap(p1, n1, p2, n2)
                        family.append(entry["gaps"][rate])
            groups.append(entry)
        defined = [f for f in family if f["p_value"] is not None]
        if defined:
            adjusted = multipletests([f["p_value"] for f in defined], method="holm")[1]
            for f, a in zip(defined, adjusted):
                f["holm_p_value"] = float(a)
        for f in family:
            f.setdefault("holm_p_value", None)
        sf = pd.Series([names[c] for c in codes[keep]])
        ours, reported = summaries(y[keep], pred[keep], sw[keep] if weighted else None, sf)
        out_thresholds.append({"threshold": t, "groups": groups, "summary": ours, "fairlearn_reported": reported})
    auc = []
    for g in range(G):
        m = codes == g
        if not eligible[g] or len(np.unique(y[m])) < 2:
            auc.append(None)
            continue
        value = float(skm.roc_auc_score(y[m], s[m], sample_weight=sw[m] if weighted else None))
        var = delong_variance(y[m], s[m], w[m])
        z = float(np.sqrt(2) * __import__("scipy").special.erfinv(CONFIDENCE))
        ci = None if var is None else [max(0.0, value - z * np.sqrt(var)), min(1.0, value + z * np.sqrt(var))]
        auc.append({"value": value, "lower": ci[0] if ci else None, "upper": ci[1] if ci else None})
    return {"name": name, "note": note, "labels": y.tolist(), "scores": s.tolist(),
            "weights": w.tolist() if weighted else None, "groups": codes.tolist(), "group_names": names,
            "thresholds": thresholds, "decision_threshold": decision, "cost_ratio": cost_ratio, "reference": names[ref],
            "results": out_thresholds, "auc": auc,
            "threshold_analysis": threshold_analysis(y, s, w, codes, eligible, ref, decision, cost_ratio)}


def synthetic(rng, sizes, base_rates, shifts):
    y, s, codes = [], [], []
    for g, (n, rate, shift) in enumerate(zip(sizes, base_rates, shifts)):
        yg = (rng.random(n) < rate).astype(int)
        x = 1.3 * (2 * yg - 1) + shift + rng.normal(scale=1.2, size=n)
        y += yg.tolist(); s += np.round(1 / (1 + np.exp(-x)), 2).tolist(); codes += [g] * n
    order = rng.permutation(len(y))
    return np.array(y)[order], np.array(s)[order], np.array(codes)[order]


def main():
    rng = np.random.default_rng(20261122)
    cases = []
    y, s, c = synthetic(rng, [150, 90, 60], [0.4, 0.55, 0.3], [0.0, 0.5, -0.4])
    cases.append(case("three_groups", y, s, None, c, ["A", "B", "C"], [0.3, 0.5], False,
                      note="unweighted; scores with two decimals (ties, scores equal to thresholds)"))
    y, s, c = synthetic(rng, [140, 100, 70], [0.35, 0.5, 0.45], [0.2, -0.3, 0.6])
    w = rng.uniform(0.2, 3.0, size=len(y))
    cases.append(case("three_groups_weighted", y, s, w, c, ["A", "B", "C"], [0.3, 0.5], True, cost_ratio=2.0,
                      note="weighted; cost ratio 2"))
    y, s, c = synthetic(rng, [100, 40, 12, 35], [0.45, 0.0, 0.5, 1.0], [0.0, 0.3, 0.0, -0.2])
    s = np.minimum(s, 0.96)
    c = np.where(rng.random(len(c)) < 0.04, -1, c)  # a few rows in no group
    cases.append(case("one_class_and_tiny", y, s, None, c, ["A", "B-no-positives", "C-tiny", "D-no-negatives"],
                      [0.3, 0.5, 0.97], False,
                      note="a group without positives, one without negatives, one below the minimum size, rows in no "
                           "group, and a threshold above every score"))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fairness_metrics.json")
    with open(path, "w") as f:
        json.dump({"confidence": CONFIDENCE, "min_group_size": MIN_GROUP_SIZE, "cases": cases}, f, indent=1)
    print("wrote", path)


if __name__ == "__main__":
    main()
