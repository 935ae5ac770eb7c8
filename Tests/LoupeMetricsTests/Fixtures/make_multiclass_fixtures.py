"""Generates multiclass_metrics.json: expected values of Loupe's multiclass metrics, computed
independently with scikit-learn and plain numpy.

Made with scikit-learn 1.9.1, numpy and scipy in a scratch venv:
    python3 -m venv /work/venv-mc && /work/venv-mc/bin/pip install numpy scipy scikit-learn
    /work/venv-mc/bin/python make_multiclass_fixtures.py
The JSON is committed; the Swift tests never need Python.

Conventions (Loupe's, documented in LoupeMetrics/Multiclass):
- labels are codes 0..<K and every scikit-learn call gets labels=range(K); the hard prediction
  of a probability row is its argmax, the lowest class index on ties (numpy's argmax, as
  scikit-learn's predict does).
- undefined = null where scikit-learn warns and returns 0 (zero_division="warn") or nan.
  Per-class precision/recall/F1 and their macro and weighted averages are scikit-learn's
  zero_division=np.nan: undefined classes are left out of the averages.
- mcc is null when scikit-learn would return 0 for a zero variance (all labels or all
  predictions in one class); cohen_kappa is null where scikit-learn returns
  replace_undefined_by.
- AUCs: a class is defined when it has positive and negative weight; macro and weighted OvR
  average over defined classes (scikit-learn's average is nan when any class is undefined);
  OvO is Hand & Till over pairs of classes present in y (scikit-learn's own rule); the
  weighted OvO (scikit-learn refuses sample_weight) uses weighted pairwise AUCs averaged
  unweighted over the pairs.
- log_loss is scikit-learn's: p of the true class clipped to [eps, 1 - eps] (eps = float64
  machine epsilon), rows used as given (not renormalised).
- brier is scikit-learn's multiclass brier_score_loss with scale_by_half=False
  (mean over rows of sum_k (p_k - 1[y = k])^2), also for K = 2.
- top_k accuracy follows top_k_accuracy_score: ties in a row rank the higher class index
  first; k >= K gives 1.
- ece: top-label confidence (max probability) against correctness of the argmax, 10 equal-width
  bins [i/10, (i+1)/10) with 1.0 in the last: sum_b |sum_b w (correct - conf)| / sum w.
"""
import json
import os
import warnings
from itertools import combinations

import numpy as np
import sklearn
from sklearn import metrics as skm

TOP_K = 3
METRIC_NAMES = [
    "count", "accuracy", "balanced_accuracy", "top_2_accuracy", "top_k_accuracy",
    "macro_precision", "macro_recall", "macro_f1", "weighted_precision", "weighted_recall",
    "weighted_f1", "micro_f1", "cohen_kappa", "mcc", "log_loss", "brier", "macro_ovr_auc",
    "weighted_ovr_auc", "macro_ovo_auc", "ece",
]


def none_if_nan(v):
    v = float(v)
    return None if np.isnan(v) else v


def close(a, b, tol=1e-12):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(1.0, abs(b))


def top_k_reference(y, P, k, w):
    """The rank of the true class with ties to the higher index (top_k_accuracy_score's rule)."""
    n, K = P.shape
    s_true = P[np.arange(n), y][:, None]
    cls = np.arange(K)[None, :]
    above = (P > s_true) | ((P == s_true) & (cls > y[:, None]))
    hits = above.sum(axis=1) < k
    return float(np.sum(w * hits) / np.sum(w))


def ece_reference(y, P, w):
    conf = P.max(axis=1)
    correct = (P.argmax(axis=1) == y).astype(float)
    edges = np.arange(11) / 10
    b = np.clip(np.searchsorted(edges, conf, side="right") - 1, 0, 9)
    total = 0.0
    for i in range(10):
        m = b == i
        if m.any():
            total += abs(np.sum(w[m] * correct[m]) - np.sum(w[m] * conf[m]))
    return total / w.sum()


def binary_auc(pos, score, w):
    if not ((w[pos] > 0).any() and (w[~pos] > 0).any()):
        return None
    return float(skm.roc_auc_score(pos.astype(int), score, sample_weight=w))


def ovo_reference(y, P, w):
    present = [c for c in range(P.shape[1]) if w[y == c].sum() > 0]
    pairs = []
    for a, b in combinations(present, 2):
        m = (y == a) | (y == b)
        pairs.append((binary_auc(y[m] == a, P[m, a], w[m]) + binary_auc(y[m] == b, P[m, b], w[m])) / 2)
    return float(np.mean(pairs)) if pairs else None


def expected(y, P, pred, w, K, weighted):
    sw = w if weighted else None
    labels = list(range(K))
    out, per = {}, {}
    out["count"] = float(len(y))
    out["accuracy"] = float(skm.accuracy_score(y, pred, sample_weight=sw))
    out["balanced_accuracy"] = float(skm.balanced_accuracy_score(y, pred, sample_weight=sw))
    for avg in ("macro", "weighted"):
        p, r, f, _ = skm.precision_recall_fscore_support(
            y, pred, labels=labels, average=avg, sample_weight=sw, zero_division=np.nan)
        out[f"{avg}_precision"], out[f"{avg}_recall"], out[f"{avg}_f1"] = none_if_nan(p), none_if_nan(r), none_if_nan(f)
    out["micro_f1"] = float(skm.f1_score(y, pred, labels=labels, average="micro", sample_weight=sw))
    out["cohen_kappa"] = none_if_nan(
        skm.cohen_kappa_score(y, pred, labels=labels, sample_weight=sw, replace_undefined_by=np.nan))
    spread = lambda codes: sum(w[codes == c].sum() > 0 for c in range(K)) >= 2
    out["mcc"] = float(skm.matthews_corrcoef(y, pred, sample_weight=sw)) if spread(y) and spread(pred) else None

    p, r, f, s = skm.precision_recall_fscore_support(
        y, pred, labels=labels, average=None, sample_weight=sw, zero_division=np.nan)
    per["support"] = [float(w[y == c].sum()) for c in range(K)]
    per["precision"] = [none_if_nan(v) for v in p]
    per["recall"] = [none_if_nan(v) for v in r]
    per["f1"] = [none_if_nan(v) for v in f]
    # zero_division=np.nan leaves undefined classes out of the averages: check that reading.
    for name, values in (("precision", p), ("recall", r), ("f1", f)):
        d = ~np.isnan(values)
        macro = float(np.mean(values[d])) if d.any() else None
        assert close(out[f"macro_{name}"], macro), (name, out[f"macro_{name}"], macro)
        sup = np.asarray(per["support"])[d]
        if d.any():
            weighted_avg = float(np.sum(sup * values[d]) / sup.sum()) if sup.sum() > 0 else float(np.mean(values[d]))
        else:
            weighted_avg = None
        assert close(out[f"weighted_{name}"], weighted_avg), (name, out[f"weighted_{name}"], weighted_avg)
    assert close(out["micro_f1"], out["accuracy"])

    cm = skm.confusion_matrix(y, pred, labels=labels, sample_weight=sw).astype(float)
    shares = [[float(v / row.sum()) for v in row] if row.sum() > 0 else None for row in cm]

    if P is None:
        for name in ("top_2_accuracy", "top_k_accuracy", "log_loss", "brier", "macro_ovr_auc",
                     "weighted_ovr_auc", "macro_ovo_auc", "ece"):
            out[name] = None
        per["roc_auc"] = [None] * K
        per["average_precision"] = [None] * K
    else:
        for name, k in (("top_2_accuracy", 2), ("top_k_accuracy", TOP_K)):
            ref = top_k_reference(y, P, k, w)
            if K > 2:
                sk = float(skm.top_k_accuracy_score(y, P, k=k, labels=labels, sample_weight=sw))
                assert close(sk, ref), (name, sk, ref)
            out[name] = ref
        out["log_loss"] = float(skm.log_loss(y, P, labels=labels, sample_weight=sw))
        out["brier"] = float(skm.brier_score_loss(y, P, labels=labels, sample_weight=sw, scale_by_half=False))
        aucs = [binary_auc(y == c, P[:, c], w) for c in range(K)]
        per["roc_auc"] = aucs
        per["average_precision"] = [
            float(skm.average_precision_score((y == c).astype(int), P[:, c], sample_weight=sw))
            if w[y == c].sum() > 0 else None for c in range(K)]
        defined = [c for c in range(K) if aucs[c] is not None]
        out["macro_ovr_auc"] = float(np.mean([aucs[c] for c in defined])) if defined else None
        sup = np.asarray(per["support"])
        out["weighted_ovr_auc"] = (
            float(np.sum([sup[c] * aucs[c] for c in defined]) / np.sum(sup[defined])) if defined else None)
        if len(defined) == K and K > 2:
            for avg in ("macro", "weighted"):
                sk = float(skm.roc_auc_score(y, P, multi_class="ovr", average=avg, labels=labels, sample_weight=sw))
                assert close(sk, out[f"{avg}_ovr_auc"]), (avg, sk, out[f"{avg}_ovr_auc"])
        if K == 2 and len(defined) == 2:
            assert close(float(skm.roc_auc_score(y, P[:, 1], sample_weight=sw)), aucs[1])
        out["macro_ovo_auc"] = ovo_reference(y, P, w)
        if not weighted and len(np.unique(y)) > 2:
            sk = float(skm.roc_auc_score(y, P, multi_class="ovo", average="macro", labels=labels))
            assert close(sk, out["macro_ovo_auc"]), (sk, out["macro_ovo_auc"])
        out["ece"] = ece_reference(y, P, w)
    assert set(out) == set(METRIC_NAMES)
    return {"values": out, "per_class": per, "confusion": cm.tolist(), "shares": shares}


def case(name, K, y, w, P=None, pred=None, note=""):
    y = np.asarray(y, dtype=np.int64)
    w = np.asarray(w, dtype=float)
    if P is not None:
        P = np.asarray(P, dtype=float).reshape(len(y), K)
        pred = P.argmax(axis=1)
    else:
        pred = np.asarray(pred, dtype=np.int64)
    result = {"name": name, "note": note, "classes": K, "labels": y.tolist(), "weights": w.tolist(),
              "probabilities": None if P is None else P.ravel().tolist(),
              "predictions": None if P is not None else pred.tolist(), "variants": {}}
    for weighted in (False, True):
        ww = w if weighted else np.ones(len(y))
        result["variants"]["weighted" if weighted else "unweighted"] = expected(y, P, pred, ww, K, weighted)
    return result


def softmax_rows(logits):
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def synthetic(rng, n, K, signal=1.5):
    y = rng.integers(0, K, size=n)
    logits = rng.normal(size=(n, K))
    logits[np.arange(n), y] += signal
    return y, softmax_rows(logits)


def main():
    rng = np.random.default_rng(20261204)
    cases = []

    y, P = synthetic(rng, 500, 10)
    cases.append(case("random_10_class", 10, y, rng.uniform(0.2, 3.0, 500), P, note="500 rows, distinct scores"))

    # Probabilities in tenths: many ties within a row (top-k rule, argmax) and across rows (AUC).
    n = 300
    y = rng.integers(0, 4, size=n)
    tenths = np.array([rng.multinomial(10, np.where(np.arange(4) == yi, 0.4, 0.2)) for yi in y])
    cases.append(case("ties_in_tenths", 4, y, rng.choice([0.5, 1.0, 2.5], size=n), tenths / 10,
                      note="probabilities are multiples of 0.1: ties within and across rows"))

    y, P = synthetic(rng, 240, 5)
    y[y == 3] = 4
    cases.append(case("class_without_support", 5, y, rng.uniform(0.3, 2.0, 240), P,
                      note="class 3 never occurs in the labels but is predicted"))

    y, P = synthetic(rng, 200, 4)
    P[:, 0] *= 0.05
    P /= P.sum(axis=1, keepdims=True)
    cases.append(case("class_never_predicted", 4, y, rng.uniform(0.3, 2.0, 200), P,
                      note="class 0 is never the argmax"))

    y = rng.integers(0, 4, size=200)
    pred = np.where(rng.random(200) < 0.6, y, rng.integers(0, 4, size=200))
    pred[pred == 2] = 1
    cases.append(case("hard_predictions", 4, y, rng.uniform(0.5, 2.0, 200), pred=pred,
                      note="hard class codes; class 2 never predicted"))

    y, P = synthetic(rng, 150, 3)
    P = P * (1 + rng.uniform(-1e-6, 1e-6, size=(150, 1)))
    P = np.minimum(P, 1.0)
    cases.append(case("rows_sum_off_by_1e-6", 3, y, rng.uniform(0.2, 2.0, 150), P,
                      note="each row scaled by 1 +- 1e-6, used as given"))

    n = 400
    x = rng.normal(size=n)
    y = (rng.random(n) < 1 / (1 + np.exp(-1.3 * x))).astype(int)
    p1 = 1 / (1 + np.exp(-(x + rng.normal(scale=0.8, size=n))))
    p1 = np.round(p1, 2)
    cases.append(case("two_class", 2, y, rng.uniform(0.2, 3.0, n), np.stack([1 - p1, p1], axis=1),
                      note="binary data as K = 2: columns (1 - p, p), p rounded to 0.01"))

    cases.append(case("one_row", 3, [1], [2.0], [[0.2, 0.5, 0.3]], note="a single row"))
    cases.append(case("one_class_only", 3, [1, 1, 1, 1, 1, 1], [1.0, 2.0, 0.5, 1.0, 1.5, 3.0],
                      [[0.2, 0.5, 0.3], [0.6, 0.3, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.5, 0.0],
                       [0.0, 1.0, 0.0]],
                      note="every label is class 1"))
    cases.append(case("confident_and_wrong", 3, [0, 1, 2, 2], [1.0, 1.0, 2.0, 0.5],
                      [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0], [0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]],
                      note="probabilities 0 and 1 (log loss clipping), a three-way tie"))
    cases.append(case("all_one_class_predicted_same", 3, [2, 2, 2], [1.0, 2.0, 3.0],
                      [[0.1, 0.2, 0.7], [0.0, 0.4, 0.6], [0.3, 0.3, 0.4]],
                      note="labels and predictions all class 2: kappa and mcc undefined"))

    cases.append(case("predicted_only_absent_class", 3, [0, 0, 1, 1], [1.0, 2.0, 0.5, 1.5],
                      [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.3, 0.3, 0.4], [0.0, 0.4, 0.6]],
                      note="every row predicted class 2, which has no support: the weighted averages "
                           "fall back to the unweighted mean of the defined classes"))

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "multiclass_metrics.json")
    with open(path, "w") as f:
        json.dump({"sklearn_version": sklearn.__version__, "top_k": TOP_K, "metric_names": METRIC_NAMES,
                   "cases": cases}, f, indent=1)
    print("wrote", path)


if __name__ == "__main__":
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        main()
