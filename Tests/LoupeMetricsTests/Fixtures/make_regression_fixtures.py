"""Generates regression_metrics.json: expected values of Loupe's regression metrics and their
closed-form intervals, computed independently with scikit-learn, numpy, scipy and statsmodels.

Run from anywhere:  python make_regression_fixtures.py   (numpy, scipy, scikit-learn, statsmodels)
The JSON is committed; the Swift tests never need Python.

Conventions (Loupe's, documented in RegressionEvaluator):
- residual e = label - prediction.
- r2 and explained_variance are null where their denominator (the weighted spread of the labels)
  is zero, and r2 is null with fewer than two rows: scikit-learn's values with
  force_finite=False, NaN and infinities mapped to null.
- residual_std = sqrt(sum w (e - mean)^2 / sum w * n_eff / (n_eff - 1)), n_eff = Kish's
  (sum w)^2 / sum w^2 (numpy std(ddof=1) without weights); null when n_eff <= 1.
- durbin_watson is unweighted, in row order (statsmodels); null when sum e^2 = 0.
- max_error ignores weights (scikit-learn has none).
- Normal intervals: mean +- z s / sqrt(n_eff), s^2 the weighted variance with Bessel's
  correction in Kish effective rows; for mse, mae and mape, where that reaches below 0,
  on the log scale instead: mean * exp(+-z se / mean);
  rmse's interval is the square root of mse's.
- median_absolute_error interval: k = the largest k with P(Binomial(m, 1/2) <= k) <= alpha/2,
  m = n (or round(n_eff) with weights); the interval runs from the first sorted |e| whose
  cumulative weight reaches W (k+1)/m to the first reaching W (m-k)/m; null when no k exists.
"""
import json
import os

import numpy as np
import sklearn
from scipy.stats import binom, norm
from sklearn import metrics as skm
from statsmodels.stats.stattools import durbin_watson

CONFIDENCE = 0.95
Z = float(norm.ppf(1 - (1 - CONFIDENCE) / 2))


def finite_or_none(x):
    x = float(x)
    return x if np.isfinite(x) else None


def kish(w):
    return w.sum() ** 2 / (w ** 2).sum() if (w ** 2).sum() > 0 else 0.0


def normal_mean(x, w):
    W = w.sum()
    mean = np.sum(w * x) / W
    n = kish(w)
    if n <= 1:
        return None
    var = np.sum(w * (x - mean) ** 2) / W / (n - 1)
    return [float(mean - Z * np.sqrt(var)), float(mean + Z * np.sqrt(var))]


def median_interval(ae, w):
    W = w.sum()
    n_eff = kish(w)
    m = max(1, int(round(n_eff)))
    tail = (1 - CONFIDENCE) / 2
    k = -1
    while binom.cdf(k + 1, m, 0.5) <= tail:
        k += 1
    if k < 0:
        return None
    order = np.argsort(ae, kind="stable")
    cum = np.cumsum(w[order])
    lo = np.searchsorted(cum, W * (k + 1) / m, side="left")
    hi = np.searchsorted(cum, W * (m - k) / m, side="left")
    lo, hi = min(lo, len(ae) - 1), min(hi, len(ae) - 1)
    return [float(ae[order][lo]), float(ae[order][hi])]


def expected(y, p, w):
    y = np.asarray(y, dtype=float)
    p = np.asarray(p, dtype=float)
    sw = None if w is None else np.asarray(w, dtype=float)
    ww = np.ones_like(y) if sw is None else sw
    e = y - p
    ae = np.abs(e)
    n = len(y)
    W = ww.sum()
    mean_e = np.sum(ww * e) / W
    n_eff = kish(ww)
    v = {
        "count": float(n),
        "mse": skm.mean_squared_error(y, p, sample_weight=sw),
        "rmse": skm.root_mean_squared_error(y, p, sample_weight=sw),
        "mae": skm.mean_absolute_error(y, p, sample_weight=sw),
        "median_absolute_error": skm.median_absolute_error(y, p, sample_weight=sw),
        "mape": skm.mean_absolute_percentage_error(y, p, sample_weight=sw),
        "max_error": skm.max_error(y, p),
        "mean_residual": mean_e,
        "residual_std": (
            np.sqrt(np.sum(ww * (e - mean_e) ** 2) / W * n_eff / (n_eff - 1)) if n_eff > 1 else None
        ),
        "durbin_watson": durbin_watson(e) if np.sum(e ** 2) > 0 else None,
    }
    if sw is not None:
        v["weighted_count"] = W
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            v["r2"] = skm.r2_score(y, p, sample_weight=sw, force_finite=False)
            v["explained_variance"] = skm.explained_variance_score(y, p, sample_weight=sw, force_finite=False)
    if sw is None and n > 1:
        assert np.isclose(v["residual_std"], np.std(e, ddof=1), rtol=1e-12)
    values = {k: (None if x is None else finite_or_none(x)) for k, x in v.items()}

    ape = ae / np.maximum(np.abs(y), np.finfo(np.float64).eps)
    intervals = {
        "mean_residual": normal_mean(e, ww),
        "mae": normal_mean(ae, ww),
        "mse": normal_mean(e ** 2, ww),
        "mape": normal_mean(ape, ww),
        "median_absolute_error": median_interval(ae, ww),
    }
    # The errors' intervals stay above 0: on the log scale where the normal one would not
    # (delta method: mean * exp(+-z se / mean)).
    means = {"mae": float(np.sum(ww * ae) / np.sum(ww)), "mse": float(np.sum(ww * e ** 2) / np.sum(ww)),
             "mape": float(np.sum(ww * ape) / np.sum(ww))}
    for name in ("mae", "mse", "mape"):
        ci = intervals[name]
        if ci is not None and ci[0] < 0:
            mean = means[name]
            if mean <= 0:
                intervals[name] = [0.0, 0.0]
            else:
                factor = float(np.exp(Z * ((mean - ci[0]) / Z) / mean))
                intervals[name] = [mean / factor, mean * factor]
    intervals["rmse"] = None if intervals["mse"] is None else [float(np.sqrt(b)) for b in intervals["mse"]]
    return values, intervals


def case(name, y, p, w=None):
    values, intervals = expected(y, p, w)
    return {
        "name": name,
        "labels": [float(x) for x in y],
        "predictions": [float(x) for x in p],
        "weights": None if w is None else [float(x) for x in w],
        "values": values,
        "intervals": intervals,
    }


def main():
    rng = np.random.default_rng(20240611)
    cases = []
    # Absolute errors with ties (several rows share |e| = 1 and 0.5).
    y = [1, 2, 2, 3, 3, 3, 4, 5, 6, 7, 8, 9]
    p = [2, 1, 2.5, 3.5, 2, 4, 4, 6, 5.5, 7, 9.5, 8]
    cases.append(case("ties", y, p))
    # Integer weights with zeros: the weighted CDF hits half the weight exactly (averaged median).
    cases.append(case("ties_weighted_zeros", y, p, [1, 0, 2, 1, 1, 0, 3, 1, 2, 1, 0, 2]))
    cases.append(case("weighted_median_exact_half", [0, 0, 0, 0, 0], [1, 2, 3, 4, 5], [1, 1, 0, 2, 0]))
    cases.append(case("constant_labels", [2, 2, 2, 2], [1, 2, 3, 2.5]))
    cases.append(case("constant_labels_perfect", [3, 3, 3], [3, 3, 3]))
    cases.append(case("constant_residual", [1, 2, 3, 4, 5], [0.5, 1.5, 2.5, 3.5, 4.5]))
    cases.append(case("mape_zero_labels", [0, 1, -2, 0.5, 0, 3], [0.1, 1.2, -1.5, 0.5, -0.2, 2.0]))
    cases.append(case("mape_zero_labels_weighted", [0, 1, -2, 0.5, 0, 3], [0.1, 1.2, -1.5, 0.5, -0.2, 2.0], [0.5, 1, 2, 0, 1.5, 1]))
    cases.append(case("single_row", [1.5], [0.25]))
    cases.append(case("two_rows", [1.0, -3.0], [0.5, -1.0]))
    cases.append(case("two_rows_weighted", [1.0, -3.0], [0.5, -1.0], [0.25, 3.0]))
    cases.append(case("negative_values", [-10.5, -3.2, -7.7, -1.1, -20.0, -5.5, -0.3], [-9.0, -4.0, -7.0, -2.5, -18.0, -6.0, 0.4]))
    n = 2000
    x = rng.normal(size=n)
    y = 3 + 2 * x + rng.normal(scale=0.8, size=n)
    p = 3.1 + 1.8 * x + rng.normal(scale=0.3, size=n)
    w = rng.uniform(0.2, 3.0, size=n)
    w[rng.choice(n, 50, replace=False)] = 0.0
    cases.append(case("random_2000", y, p))
    cases.append(case("random_2000_weighted", y, p, w))
    # A large offset relative to the spread: one-pass sums must not cancel.
    cases.append(case("offset_labels", 1e6 + y[:300], 1e6 + p[:300]))

    out = {"confidence": CONFIDENCE, "z": Z, "sklearn": sklearn.__version__, "cases": cases}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regression_metrics.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
