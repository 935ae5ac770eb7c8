"""Generates binary_metrics.json: expected values of Loupe's binary metrics and intervals,
computed independently with scikit-learn, statsmodels and plain numpy.

Run from anywhere:  python make_fixtures.py   (numpy, scipy, scikit-learn, statsmodels)
The JSON is committed; the Swift tests never need Python.

Conventions (Loupe's, documented in LoupeMetrics):
- predicted positive iff score >= threshold; undefined metrics are null where scikit-learn
  would return 0 under zero_division (precision without predicted positives, recall without
  positives, MCC with a zero marginal, balanced accuracy / AUC / AP of a one-class set).
- Wilson intervals use Kish's effective size n_eff = (sum w)^2 / sum w^2 of the proportion's
  denominator rows as nobs, and p * n_eff as count.
- DeLong variance: the classic O(m*n) definition with placement values; weighted variant uses
  weighted placements, weighted variances with Bessel's correction in Kish effective sizes.
"""
import json
import os

import numpy as np
from scipy.stats import norm
from sklearn import metrics as skm
from statsmodels.stats.proportion import proportion_confint

CONFIDENCE = 0.95
Z = norm.ppf(1 - (1 - CONFIDENCE) / 2)


def kish(w):
    w = np.asarray(w, dtype=float)
    return w.sum() ** 2 / (w ** 2).sum() if len(w) and (w ** 2).sum() > 0 else 0.0


def wilson(p, w_den):
    if p is None:
        return None
    n = kish(w_den)
    if n <= 0:
        return None
    lo, hi = proportion_confint(p * n, n, alpha=1 - CONFIDENCE, method="wilson")
    return [max(0.0, float(lo)), min(1.0, float(hi))]


def non_negative(mean, ci):
    """A loss's interval: the normal one when it stays >= 0, else on the log scale
    (delta method: mean * exp(+-z se / mean)); [0, 0] for a mean of 0."""
    if ci is None or ci[0] >= 0:
        return ci
    if mean <= 0:
        return [0.0, 0.0]
    se = (mean - ci[0]) / Z
    factor = float(np.exp(Z * se / mean))
    return [mean / factor, mean * factor]


def normal_mean(x, w):
    W = w.sum()
    mean = float(np.sum(w * x) / W)
    n = kish(w)
    if n <= 1:
        return mean, None
    var = float(np.sum(w * (x - mean) ** 2) / W) / (n - 1)
    return mean, [mean - Z * np.sqrt(var), mean + Z * np.sqrt(var)]


def delong_variance(y, s, w):
    """O(m*n) DeLong: psi(x, y) = 1 if x > y, 1/2 if equal."""
    pos, neg = s[y == 1], s[y == 0]
    wp, wn = w[y == 1], w[y == 0]
    if len(pos) == 0 or len(neg) == 0:
        return None
    psi = (pos[:, None] > neg[None, :]).astype(float) + 0.5 * (pos[:, None] == neg[None, :])
    v10 = psi @ wn / wn.sum()           # per positive
    v01 = wp @ psi / wp.sum()           # per negative
    auc = float(wp @ v10 / wp.sum())
    m_eff, n_eff = kish(wp), kish(wn)
    if m_eff <= 1 or n_eff <= 1:
        return None
    s10 = np.sum(wp * (v10 - auc) ** 2) / wp.sum() * m_eff / (m_eff - 1)
    s01 = np.sum(wn * (v01 - auc) ** 2) / wn.sum() * n_eff / (n_eff - 1)
    var = s10 / m_eff + s01 / n_eff
    if np.all(w == 1):  # the textbook form must agree
        classic = np.var(v10, ddof=1) / len(pos) + np.var(v01, ddof=1) / len(neg)
        assert abs(classic - var) < 1e-12, (classic, var)
    return float(var)


def ece(y, s, w):
    edges = np.arange(11) / 10
    b = np.clip(np.searchsorted(edges, s, side="right") - 1, 0, 9)
    total = 0.0
    for i in range(10):
        m = b == i
        if m.any():
            total += abs(np.sum(w[m] * y[m]) - np.sum(w[m] * s[m]))
    return total / w.sum()


def nan_to_none(v):
    v = float(v)
    return None if np.isnan(v) else v


def expected(y, s, w, threshold, weighted):
    sw = w if weighted else None
    pred = (s >= threshold).astype(int)
    tp = w[(y == 1) & (pred == 1)].sum(); fp = w[(y == 0) & (pred == 1)].sum()
    tn = w[(y == 0) & (pred == 0)].sum(); fn = w[(y == 1) & (pred == 0)].sum()
    both = len(np.unique(y)) == 2
    out, ci = {}, {}
    out["count"] = float(len(y))
    out["weighted_count"] = float(w.sum())
    out["accuracy"] = float(skm.accuracy_score(y, pred, sample_weight=sw))
    out["precision"] = nan_to_none(skm.precision_score(y, pred, sample_weight=sw, zero_division=np.nan))
    out["recall"] = nan_to_none(skm.recall_score(y, pred, sample_weight=sw, zero_division=np.nan))
    f1 = skm.f1_score(y, pred, sample_weight=sw, zero_division=np.nan)
    # Loupe: f1 = 2TP/(2TP+FP+FN), undefined only when that denominator is 0.
    out["f1"] = None if 2 * tp + fp + fn == 0 else (0.0 if np.isnan(f1) else float(f1))
    out["fpr"] = None if fp + tn == 0 else float(fp / (fp + tn))
    out["tnr"] = None if fp + tn == 0 else float(tn / (fp + tn))
    out["fnr"] = None if tp + fn == 0 else float(fn / (tp + fn))
    out["selection_rate"] = float((tp + fp) / w.sum())
    out["balanced_accuracy"] = float(skm.balanced_accuracy_score(y, pred, sample_weight=sw)) if both else None
    marginals = [tp + fp, tp + fn, tn + fp, tn + fn]
    out["mcc"] = float(skm.matthews_corrcoef(y, pred, sample_weight=sw)) if min(marginals) > 0 else None
    out["roc_auc"] = float(skm.roc_auc_score(y, s, sample_weight=sw)) if both else None
    out["average_precision"] = float(skm.average_precision_score(y, s, sample_weight=sw)) if (y == 1).any() else None
    p = np.clip(s, 1e-15, 1 - 1e-15)
    ll_terms = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    ll = float(np.sum(w * ll_terms) / w.sum())
    if both and np.all((s > 1e-15) & (s < 1 - 1e-15)):  # sklearn clips at float eps, Loupe at 1e-15
        sk = skm.log_loss(y, s, sample_weight=sw, labels=[0, 1])
        assert abs(sk - ll) < 1e-12, (sk, ll)
    out["log_loss"] = ll
    out["brier"] = float(skm.brier_score_loss(y, s, sample_weight=sw)) if both else float(np.sum(w * (s - y) ** 2) / w.sum())
    out["mean_prediction"] = float(np.average(s, weights=w))
    out["mean_label"] = float(np.average(y, weights=w))
    out["ece"] = float(ece(y, s, w))

    all_rows = w
    ci["accuracy"] = wilson(out["accuracy"], all_rows)
    ci["precision"] = wilson(out["precision"], w[pred == 1])
    ci["recall"] = wilson(out["recall"], w[y == 1])
    ci["fnr"] = wilson(out["fnr"], w[y == 1])
    ci["fpr"] = wilson(out["fpr"], w[y == 0])
    ci["tnr"] = wilson(out["tnr"], w[y == 0])
    ci["selection_rate"] = wilson(out["selection_rate"], all_rows)
    ci["mean_label"] = wilson(out["mean_label"], all_rows)
    _, ci["mean_prediction"] = normal_mean(s, w)
    ci["log_loss"] = non_negative(*normal_mean(ll_terms, w))
    ci["brier"] = non_negative(*normal_mean((s - y) ** 2, w))
    var = delong_variance(y, s, w)
    if out["roc_auc"] is not None and var is not None:
        auc = out["roc_auc"]
        ci["roc_auc"] = [max(0.0, auc - Z * np.sqrt(var)), min(1.0, auc + Z * np.sqrt(var))]
    else:
        ci["roc_auc"] = None
    return out, ci, var


def case(name, y, s, w, threshold=0.5, note=""):
    y = np.asarray(y, dtype=int); s = np.asarray(s, dtype=float)
    w = np.asarray(w, dtype=float)
    result = {"name": name, "note": note, "threshold": threshold,
              "labels": y.tolist(), "scores": s.tolist(), "weights": w.tolist(), "variants": {}}
    for weighted in (False, True):
        ww = w if weighted else np.ones_like(s)
        values, intervals, var = expected(y, s, ww, threshold, weighted)
        result["variants"]["weighted" if weighted else "unweighted"] = {
            "values": values, "intervals": intervals, "delong_variance": var}
    return result


def main():
    rng = np.random.default_rng(20261122)
    cases = []
    n = 600
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-1.3 * x))).astype(int)
    s = 1 / (1 + np.exp(-(x + rng.normal(scale=0.8, size=n))))
    w = rng.uniform(0.2, 3.0, size=n)
    cases.append(case("continuous_scores", y, s, w, note="distinct scores, moderate signal"))
    cases.append(case("heavy_ties", y, np.round(s, 1), w, note="scores rounded to one decimal"))
    w2 = rng.choice([0.5, 1.0, 4.0], size=n)
    cases.append(case("integer_like_weights_ties", y, np.round(s, 2), w2, threshold=0.3, note="ties, weights, threshold 0.3"))
    m = 80
    cases.append(case("one_class_negative", np.zeros(m, dtype=int), rng.random(m), rng.uniform(0.5, 2, m), note="no positives"))
    cases.append(case("tiny", [0, 1, 1, 0, 1], [0.1, 0.4, 0.35, 0.8, 0.9], [1.0, 2.0, 0.5, 1.0, 3.0], note="five rows"))
    k = 200
    ys = (rng.random(k) < 0.4).astype(int)
    ss = rng.choice([0.25, 0.5, 0.5, 0.5, 0.75, 1.0, 0.0], size=k)
    cases.append(case("scores_at_threshold", ys, ss, rng.uniform(0.1, 1, k), note="many scores exactly 0.5 = threshold, and 0 and 1"))
    cases.append(case("no_predicted_positives", ys, ss * 0.3, np.ones(k), threshold=0.9, note="precision undefined"))
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "binary_metrics.json")
    with open(path, "w") as f:
        json.dump({"confidence": CONFIDENCE, "z": Z, "cases": cases}, f, indent=1)
    print("wrote", path)


if __name__ == "__main__":
    main()
