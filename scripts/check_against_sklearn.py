#!/usr/bin/env python3
"""Recomputes a Loupe results.json with pandas + scikit-learn from the same data and reports the
largest difference per metric, overall and for every categorical slice; for a regression also
every residual test statistic with scipy and statsmodels; for a multiclass task every multiclass
metric (probability columns `NAME=PREFIX*` or a hard-prediction column).

Usage: check_against_sklearn.py DATA.csv RESULTS.json [--tolerance 1e-6]

Reads label, models, threshold, weights, timestamp and slice specs from results.json itself (its
provenance.configuration), so it checks exactly what Loupe computed. Needs numpy, pandas and
scikit-learn (and scipy and statsmodels for a regression). Exit status 1 when a difference
exceeds the tolerance (relative to the value's size for values above 1).
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


def multiclass_columns(df, spec):
    """The probability columns of a `PREFIX*` score (header order) and their class names, or None
    for a hard-prediction column."""
    if not spec.endswith("*"):
        return None
    prefix = spec[:-1]
    columns = [c for c in df.columns if c.startswith(prefix) and len(c) > len(prefix)]
    return columns, [c[len(prefix):] for c in columns]


def class_codes(values, classes):
    """Each text value's class index: matched as text, else numerically (`1` matches `1.0`)."""
    numeric = {}
    for i, c in enumerate(classes):
        try:
            numeric.setdefault(float(c), i)
        except ValueError:
            pass
    codes = []
    for v in values:
        v = str(v).strip()
        if v in classes:
            codes.append(classes.index(v))
        else:
            codes.append(numeric[float(v)])
    return np.array(codes)


def reference_multiclass(y, P, pred, w, K, top_k):
    """Every multiclass metric as scikit-learn computes it (labels=range(K), sample_weight=w,
    zero_division=nan: an undefined class is left out of the averages). `P` is None for hard
    predictions. Where scikit-learn has no weighted or partial-class form, the documented
    definition is computed from its binary pieces: OvR AUCs over the classes with positives and
    negatives (scikit-learn's multiclass roc_auc_score when every class is present), Hand & Till
    over the present classes from per-pair weighted roc_auc_score (scikit-learn's ovo when
    unweighted and every class is present)."""
    labels = list(range(K))
    out = {"count": len(y)}
    if w.sum() <= 0:
        return out
    present = [c for c in labels if w[y == c].sum() > 0]
    out["accuracy"] = skm.accuracy_score(y, pred, sample_weight=w)
    out["micro_f1"] = skm.f1_score(y, pred, labels=labels, average="micro", sample_weight=w)
    out["balanced_accuracy"] = skm.balanced_accuracy_score(y, pred, sample_weight=w)
    with np.errstate(all="ignore"):
        import warnings
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for average in ["macro", "weighted"]:
                p, r, f, _ = skm.precision_recall_fscore_support(
                    y, pred, labels=labels, average=average, sample_weight=w, zero_division=np.nan)
                out[f"{average}_precision"], out[f"{average}_recall"], out[f"{average}_f1"] = p, r, f
            kappa = skm.cohen_kappa_score(y, pred, sample_weight=w, replace_undefined_by=np.nan)
    out["cohen_kappa"] = None if np.isnan(kappa) else kappa
    one_true = len(set(y[w > 0])) < 2
    one_pred = len(set(pred[w > 0])) < 2
    out["mcc"] = None if one_true or one_pred else skm.matthews_corrcoef(y, pred, sample_weight=w)
    if P is None:
        # Hard predictions: the metrics that need probabilities are undefined.
        for name in ["top_2_accuracy", "top_k_accuracy", "log_loss", "brier", "macro_ovr_auc", "weighted_ovr_auc",
                     "macro_ovo_auc", "ece"]:
            out[name] = None
        return out
    out["top_2_accuracy"] = skm.top_k_accuracy_score(y, P, k=2, labels=labels, sample_weight=w)
    out["top_k_accuracy"] = skm.top_k_accuracy_score(y, P, k=top_k, labels=labels, sample_weight=w)
    out["log_loss"] = skm.log_loss(y, P, labels=labels, sample_weight=w)
    out["brier"] = skm.brier_score_loss(y, P, labels=labels, sample_weight=w, scale_by_half=False)
    auc = {}
    for c in labels:
        positive = (y == c)
        if w[positive].sum() > 0 and w[~positive].sum() > 0:
            auc[c] = skm.roc_auc_score(positive, P[:, c], sample_weight=w)
    if auc:
        if len(auc) == K:
            out["macro_ovr_auc"] = skm.roc_auc_score(y, P, multi_class="ovr", average="macro", labels=labels, sample_weight=w)
            out["weighted_ovr_auc"] = skm.roc_auc_score(y, P, multi_class="ovr", average="weighted", labels=labels, sample_weight=w)
        else:
            out["macro_ovr_auc"] = np.mean(list(auc.values()))
            support = {c: w[y == c].sum() for c in auc}
            out["weighted_ovr_auc"] = sum(support[c] * auc[c] for c in auc) / sum(support.values())
    if len(present) >= 2:
        if len(present) == K and np.all(w == w[0]):
            out["macro_ovo_auc"] = skm.roc_auc_score(y, P, multi_class="ovo", average="macro", labels=labels)
        else:
            pairs = []
            for i, a in enumerate(present):
                for b in present[i + 1:]:
                    m = (y == a) | (y == b)
                    ab = skm.roc_auc_score(y[m] == a, P[m, a], sample_weight=w[m])
                    ba = skm.roc_auc_score(y[m] == b, P[m, b], sample_weight=w[m])
                    pairs.append((ab + ba) / 2)
            out["macro_ovo_auc"] = np.mean(pairs)
    confidence = P.max(axis=1)
    correct = (pred == y).astype(float)
    bins = np.minimum((confidence * 10).astype(int), 9)
    W = w.sum()
    out["ece"] = sum(abs((w[bins == b] * (correct[bins == b] - confidence[bins == b])).sum()) for b in range(10)) / W
    return out


def reference_regression(t, p, w):
    """Every contract regression metric as scikit-learn computes it (Durbin–Watson unweighted)."""
    from statsmodels.stats.stattools import durbin_watson
    e = t - p
    mse = skm.mean_squared_error(t, p, sample_weight=w)
    constant = np.all(t == t[0])
    return {
        "count": len(t), "mse": mse, "rmse": math.sqrt(mse),
        "mae": skm.mean_absolute_error(t, p, sample_weight=w),
        "r2": None if constant or len(t) < 2 else skm.r2_score(t, p, sample_weight=w),
        "median_absolute_error": skm.median_absolute_error(t, p, sample_weight=w),
        "mape": skm.mean_absolute_percentage_error(t, p, sample_weight=w),
        "max_error": skm.max_error(t, p),
        "explained_variance": None if constant else skm.explained_variance_score(t, p, sample_weight=w),
        "mean_residual": np.average(e, weights=w),
        "durbin_watson": durbin_watson(e) if np.any(e != 0) else None,
    }


def residual_statistics(t, p, frame, columns, timestamps=()):
    """The residual analysis's statistics, unweighted, as scipy and statsmodels compute them."""
    from scipy import stats
    from statsmodels.stats.diagnostic import acorr_ljungbox, het_breuschpagan
    from statsmodels.stats.stattools import durbin_watson
    from statsmodels.tsa.stattools import acf
    e = t - p
    out = {"durbinWatson": durbin_watson(e), "moments.skewness": stats.skew(e), "moments.kurtosis": stats.kurtosis(e)}
    lags = min(20, len(e) - 1)
    for lag, value in enumerate(acf(e, nlags=lags, fft=False)[1:], start=1):
        out[f"autocorrelation.values[{lag}]"] = value
    for lag, (q, pv) in enumerate(zip(acorr_ljungbox(e, lags=lags)["lb_stat"], acorr_ljungbox(e, lags=lags)["lb_pvalue"]), start=1):
        out[f"ljungBox[{lag}].statistic"] = q
        out[f"ljungBox[{lag}].pValue"] = pv
    bp = het_breuschpagan(e, np.column_stack([np.ones(len(p)), p]))
    out["breuschPagan.statistic"], out["breuschPagan.pValue"] = bp[0], bp[1]
    for column in columns:
        x = frame[column]
        if column in timestamps:
            x = pd.to_datetime(x).astype("int64") / 1e9
        if pd.api.types.is_numeric_dtype(x):
            m = x.notna().to_numpy()
            out[f"feature_correlations.{column}.value"] = stats.pearsonr(x.to_numpy(float)[m], e[m]).statistic
            out[f"feature_correlations.{column}.spearman"] = stats.spearmanr(x.to_numpy(float)[m], e[m]).statistic
        else:
            groups = [e[(x == v).to_numpy()] for v in x.dropna().unique()]
            if len(groups) > 1:
                out[f"feature_correlations.{column}.fStatistic"] = stats.f_oneway(*groups).statistic
    return out


def loupe_residual_values(analysis):
    """The same statistics as Loupe wrote them, keyed like `residual_statistics`."""
    out = {"durbinWatson": analysis.get("durbinWatson"), "moments.skewness": analysis["moments"].get("skewness"),
           "moments.kurtosis": analysis["moments"].get("kurtosis")}
    acf = analysis.get("autocorrelation") or {"values": [], "ljungBox": []}
    for lag, value in enumerate(acf["values"], start=1):
        out[f"autocorrelation.values[{lag}]"] = value
    for lag, test in enumerate(acf["ljungBox"], start=1):
        out[f"ljungBox[{lag}].statistic"] = test["statistic"]
        out[f"ljungBox[{lag}].pValue"] = test["pValue"]
    bp = analysis.get("breuschPagan") or {}
    out["breuschPagan.statistic"], out["breuschPagan.pValue"] = bp.get("statistic"), bp.get("pValue")
    for column, c in analysis["feature_correlations"].items():
        for key in ["value", "spearman", "fStatistic"]:
            out[f"feature_correlations.{column}.{key}"] = c.get(key)
    return out


def report(worst, checked, tolerance):
    print(f"checked {checked} model × slice metric sets against scikit-learn")
    for name in sorted(worst):
        print(f"  {name:20s} max |diff| = {worst[name]:.3g}")
    bad = [n for n, d in worst.items() if d > tolerance]
    print(f"{len(worst) - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


def check_multiclass(df, results, conf, label, models, weight, tolerance):
    """Every model's multiclass metrics, overall and for every slice of categorical columns."""
    top_k = int((flag_values(conf, "--top-k") or [3])[0])  # Loupe's default k is 3
    specs = {}
    for name, spec in models.items():
        found = multiclass_columns(df, spec)
        specs[name] = found if found else ([spec], None)
    keep = df[label].notna()
    for columns, _ in specs.values():
        for c in columns:
            keep &= df[c].notna()
    if weight:
        keep &= df[weight].notna()
    df = df[keep]
    # One class list for the task: the first probability model's classes (Loupe requires every
    # probability model to name the same classes).
    classes = next((names for _, names in specs.values() if names), None)
    if classes is None:
        raise SystemExit("check_against_sklearn.py: a multiclass check needs a probability model (NAME=PREFIX*)")
    K = len(classes)
    y = class_codes(df[label], classes)
    w = df[weight].to_numpy(float) if weight else np.ones(len(df))
    worst = {}
    checked = 0
    for model, (columns, names) in specs.items():
        if names is not None:
            P = df[columns].to_numpy(float)
            pred = P.argmax(axis=1)
        else:
            P = None
            pred = class_codes(df[columns[0]], classes)
        sets = [("overall", results["overall"][model], np.ones(len(df), bool))]
        for sl in results["slices"]:
            if sl["tooSmall"] or model not in sl["metrics"]:
                continue
            if any(pd.api.types.is_numeric_dtype(df[c]) for c in sl["key"]):
                continue  # binned or numeric-valued slices are skipped
            mask = np.ones(len(df), bool)
            for column, value in sl["key"].items():
                mask &= df[column].astype(str).to_numpy() == value
            sets.append((str(sl["key"]), sl["metrics"][model], mask))
        for where, got_metrics, mask in sets:
            ref = reference_multiclass(y[mask], None if P is None else P[mask], pred[mask], w[mask], K, top_k)
            for name, expected in ref.items():
                got = got_metrics.get(name, {}).get("value")
                if expected is None or (isinstance(expected, float) and math.isnan(expected)):
                    if got is not None:
                        worst[name] = float("inf")
                        print(f"  {where}/{model} {name}: loupe {got}, scikit-learn undefined")
                    continue
                if got is None:
                    worst[name] = float("inf")
                    print(f"  {where}/{model} {name}: loupe undefined, scikit-learn {expected}")
                    continue
                diff = abs(got - expected) / max(1.0, abs(expected))
                worst[name] = max(worst.get(name, 0), diff)
                if diff > tolerance:
                    print(f"  {where}/{model} {name}: loupe {got!r}, scikit-learn {expected!r} (diff {diff:.3g})")
            checked += 1
    return report(worst, checked, tolerance)


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
    regression = results["task"] == "regression"
    multiclass = results["task"] == "multiclass"
    df = pd.read_csv(data_path, sep=sep, keep_default_na=True, dtype=None if regression else {label: str})
    if multiclass:
        return check_multiclass(df, results, conf, label, models, weight, tolerance)
    timestamp = (flag_values(conf, "--timestamp") or [None])[0]
    if regression and timestamp:
        # Loupe takes a regression's rows in time order (ties in file order).
        df = df.iloc[np.argsort(pd.to_datetime(df[timestamp]).to_numpy(), kind="stable")]
    y_text = df[label].astype(str).str.strip()
    keep = df[label].notna()
    for col in models.values():
        keep &= df[col].notna()
    if weight:
        keep &= df[weight].notna()
    df = df[keep]
    y_text = y_text[keep]
    pos = str(positive)
    y = df[label].to_numpy(float) if regression else np.where((y_text == pos) | (y_text.str.lower() == pos.lower()) |
                 (pd.to_numeric(y_text, errors="coerce") == pd.to_numeric(pos, errors="coerce")), 1, 0)
    w = df[weight].to_numpy(float) if weight else np.ones(len(df))

    worst = {}

    def check(where, name, got, expected):
        if expected is None or (isinstance(expected, float) and math.isnan(expected)):
            if got is not None:
                worst[name] = max(worst.get(name, 0), float("inf"))
                print(f"  {where} {name}: loupe {got}, reference undefined")
            return
        if got is None:
            print(f"  {where} {name}: loupe undefined, reference {expected}")
            worst[name] = float("inf")
            return
        diff = abs(got - expected) / max(1.0, abs(expected))
        worst[name] = max(worst.get(name, 0), diff)
        if diff > tolerance:
            print(f"  {where} {name}: loupe {got!r}, reference {expected!r} (relative diff {diff:.3g})")

    def compare(where, loupe_metrics, y, s, w):
        if regression:
            for name, expected in reference_regression(y, s, w).items():
                check(where, name, loupe_metrics.get(name, {}).get("value"), expected)
            return
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
        if regression and model in results.get("residuals", {}):
            analysis = results["residuals"][model]
            roles = {label, col, weight, *models.values()}
            times = {c["name"] for c in results.get("columns", []) if c["kind"] == "timestamp"}
            used = [c for c in df.columns if c not in roles and c in analysis["feature_correlations"]]
            ref = residual_statistics(y, s, df, used, times)
            got = loupe_residual_values(analysis)
            for name, expected in ref.items():
                check(f"residuals/{model}", "residuals." + name.split("[")[0], got.get(name), expected)
    return report(worst, checked, tolerance)


if __name__ == "__main__":
    sys.exit(main())
