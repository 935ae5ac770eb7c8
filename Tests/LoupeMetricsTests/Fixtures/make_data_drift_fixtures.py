"""Generates data_drift.json: column statistics and drift distances from numpy / scipy.

Run from anywhere:  python make_data_drift_fixtures.py   (numpy, scipy; written with numpy 2.4.6
and scipy 1.17.1). The JSON is committed; the Swift tests never need Python. NaN is written as
null (missing values in the samples; undefined results).

Definitions (Loupe's drift contract):
- bins: the nine inner edges are np.quantile(reference, arange(1, 10)/10) (linear); a value goes
  to bin np.searchsorted(edges, x, side="right") (0..9);
- psi: sum over bins non-empty in either sample of (q - p) ln(q / p), zero shares -> 1e-4;
- ks: scipy.stats.ks_2samp(ref, cur) (two-sided, method auto); the method is "asymptotic" when
  max(n) > 10000 or when scipy warns that the exact computation failed;
- wasserstein: scipy.stats.wasserstein_distance; normalised by max(np.std(ref), 0.001);
- js: scipy.spatial.distance.jensenshannon(ref counts, cur counts, base=2);
- hellinger: sqrt(sum((sqrt p - sqrt q)^2)) / sqrt 2;
- chi2: scipy.stats.chi2_contingency on the 2 x K counts with columns empty in both dropped;
- l_infinity: max |p - q| over categories, the first category (by name) attaining it.
Statistics: np.mean, np.std (ddof 0 and 1), np.quantile at 1,5,25,50,75,95,99 %, np.histogram(bins=20).
The kstwo / smirnov tables check the ported distributions region by region.
"""
import json
import math
import os
import warnings

import numpy as np
from scipy import special, stats
from scipy.spatial.distance import jensenshannon

LEVELS = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]
MISSING_CODE = 2**32 - 1


def clean(x):
    if isinstance(x, (list, tuple, np.ndarray)):
        return [clean(v) for v in x]
    if x is None:
        return None
    if isinstance(x, (int, np.integer)):
        return int(x)
    x = float(x)
    return None if math.isnan(x) else x


def shares_distances(rc, cc):
    rc = np.asarray(rc, dtype=float)
    cc = np.asarray(cc, dtype=float)
    keep = (rc > 0) | (cc > 0)
    p = rc / rc.sum()
    q = cc / cc.sum()
    pp = np.where(rc > 0, p, 1e-4)[keep]
    qq = np.where(cc > 0, q, 1e-4)[keep]
    psi = float(np.sum((qq - pp) * np.log(qq / pp)))
    js = float(jensenshannon(rc, cc, base=2))
    hellinger = float(np.sqrt(np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)) / np.sqrt(2))
    table = np.array([rc[keep], cc[keep]])
    res = stats.chi2_contingency(table)
    return {
        "psi": psi, "js": js, "hellinger": hellinger,
        "chi2": [float(res.statistic), int(res.dof), float(res.pvalue)],
    }


def ks(ref, cur):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = stats.ks_2samp(ref, cur)
    fell_back = any("Exact calculation unsuccessful" in str(w.message) for w in caught)
    method = "asymptotic" if max(len(ref), len(cur)) > 10000 or fell_back else "exact"
    return [float(res.statistic), float(res.pvalue), method]


def numeric_stats(x):
    x = np.asarray(x, dtype=float)
    v = x[~np.isnan(x)]
    out = {"count": int(v.size), "missing": int(np.isnan(x).sum())}
    if v.size == 0:
        return out
    counts, edges = np.histogram(v, bins=20)
    out.update({
        "mean": float(np.mean(v)),
        "sd": float(np.std(v, ddof=1)) if v.size > 1 else None,
        "psd": float(np.std(v)),
        "min": float(v.min()), "max": float(v.max()),
        "zeros": int((v == 0).sum()),
        "quantiles": [float(t) for t in np.quantile(v, LEVELS)],
        "hist_edges": [float(t) for t in edges],
        "hist_counts": [int(t) for t in counts],
    })
    return out


def numeric_case(name, ref, cur):
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    r = ref[~np.isnan(ref)]
    c = cur[~np.isnan(cur)]
    case = {"name": name, "reference": clean(ref), "current": clean(cur),
            "reference_stats": numeric_stats(ref), "current_stats": numeric_stats(cur)}
    if r.size == 0 or c.size == 0:
        case["drift"] = None
        return case
    edges = np.quantile(r, np.arange(1, 10) / 10)
    rb = np.bincount(np.searchsorted(edges, r, side="right"), minlength=10)
    cb = np.bincount(np.searchsorted(edges, c, side="right"), minlength=10)
    w = float(stats.wasserstein_distance(r, c))
    drift = {
        "edges": [float(e) for e in edges], "reference_bins": rb.tolist(), "current_bins": cb.tolist(),
        "ks": ks(r, c), "wasserstein": w, "wasserstein_normalized": w / max(float(np.std(r)), 0.001),
    }
    drift.update(shares_distances(rb, cb))
    case["drift"] = drift
    return case


def categorical_case(name, ref_names, ref_codes, cur_names, cur_codes):
    def counts(names, codes):
        out = {}
        for code in codes:
            if code < len(names):
                out[names[code]] = out.get(names[code], 0) + 1
        return out

    rc, cc = counts(ref_names, ref_codes), counts(cur_names, cur_codes)
    categories = sorted(set(rc) | set(cc))
    rv = [rc.get(k, 0) for k in categories]
    cv = [cc.get(k, 0) for k in categories]
    p = np.array(rv, dtype=float) / sum(rv)
    q = np.array(cv, dtype=float) / sum(cv)
    gaps = np.abs(p - q)
    at = int(np.argmax(gaps))
    drift = {"categories": categories, "reference_bins": rv, "current_bins": cv,
             "l_infinity": float(gaps[at]), "l_infinity_category": categories[at]}
    drift.update(shares_distances(rv, cv))
    total = sum(rc.values())
    ranked = sorted(rc.items(), key=lambda kv: (-kv[1], kv[0]))
    top = ranked[:3]
    lengths = [len(names_k) for names_k in rc for _ in range(rc[names_k])]
    ref_stats = {
        "count": total, "missing": len(ref_codes) - total, "distinct": len(rc),
        "top3": [[k, v, v / total] for k, v in top], "other_share": (total - sum(v for _, v in top)) / total,
        "length": [min(lengths), float(np.mean(lengths)), max(lengths)],
    }
    return {"name": name, "reference_names": ref_names, "reference_codes": list(map(int, ref_codes)),
            "current_names": cur_names, "current_codes": list(map(int, cur_codes)),
            "reference_stats": ref_stats, "drift": drift}


def main():
    rng = np.random.default_rng(20261204)
    numeric = []
    numeric.append(numeric_case("normal_shift_500_400", rng.normal(0, 1, 500), rng.normal(0.3, 1.2, 400)))
    same = rng.normal(5, 2, 300)
    numeric.append(numeric_case("identical_300", same, same.copy()))
    ref = rng.poisson(0.7, 1000).astype(float)
    ref[::97] = np.nan
    numeric.append(numeric_case("heavy_ties_duplicate_edges_with_nan", ref, rng.poisson(1.1, 800).astype(float)))
    cur = rng.uniform(0, 1, 150)
    cur[:6] = [-5, -1, 10, 12, 1.5, 2]
    numeric.append(numeric_case("outliers_beyond_reference", rng.uniform(0, 1, 200), cur))
    numeric.append(numeric_case("small_exact_7_9", rng.normal(0, 1, 7), rng.normal(1, 1, 9)))
    numeric.append(numeric_case("small_exact_equal_10", rng.normal(0, 1, 10), rng.normal(0.8, 1, 10)))
    numeric.append(numeric_case("exact_2000_3000", rng.normal(0, 1, 2000), rng.normal(0.05, 1, 3000)))
    numeric.append(numeric_case("exact_equal_4000_tiny_p", rng.normal(0, 1, 4000), rng.normal(0.4, 1, 4000)))
    numeric.append(numeric_case(
        "asymptotic_12000_15000", np.round(rng.normal(0, 1, 12000), 5), np.round(rng.normal(0.02, 1, 15000), 5)))
    numeric.append(numeric_case(
        "asymptotic_11000_9000_large_d", np.round(rng.normal(0, 1, 11000), 4), np.round(rng.normal(0.15, 1, 9000), 4)))
    numeric.append(numeric_case("asymptotic_20000_60_pomeranz", np.round(rng.normal(0, 1, 20000), 4),
                                rng.normal(0.2, 1, 60)))
    numeric.append(numeric_case("asymptotic_10001_300_close", np.round(rng.normal(0, 1, 10001), 4),
                                np.quantile(rng.normal(0, 1, 5000), (np.arange(300) + 0.5) / 300)))
    numeric.append(numeric_case("one_element_each", [1.5], [2.0]))
    numeric.append(numeric_case("one_element_reference", [1.0], rng.normal(1, 1, 5)))
    numeric.append(numeric_case("constant_reference_with_zeros", np.zeros(50), rng.normal(0, 0.1, 40)))
    numeric.append(numeric_case("current_all_missing", rng.normal(0, 1, 20), [np.nan] * 4))

    categorical = []
    names_a = ["apple", "banana", "cherry", "durian"]
    names_b = ["cherry", "banana", "elderberry", "apple", "fig"]  # durian vanished, elderberry/fig new
    ref_codes = rng.choice(4, 700, p=[0.4, 0.3, 0.2, 0.1])
    ref_codes[::50] = MISSING_CODE
    cur_codes = rng.choice(5, 500, p=[0.25, 0.3, 0.1, 0.3, 0.05])
    categorical.append(categorical_case("vanished_and_new_categories", names_a, ref_codes, names_b, cur_codes))
    categorical.append(categorical_case("two_categories_yates", ["no", "yes"], rng.choice(2, 120, p=[0.7, 0.3]),
                                        ["yes", "no"], rng.choice(2, 90, p=[0.5, 0.5])))
    categorical.append(categorical_case("tied_counts", ["b", "a", "c"], [0, 1, 2, 0, 1, 2, 0, 1],
                                        ["a", "b", "c"], [0, 0, 1, 1, 2, 2]))
    categorical.append(categorical_case("unicode_names", ["é", "日本語", "a"], [0, 1, 1, 2, 2, 2],
                                        ["a", "日本語"], [0, 1, 1]))

    # The ported distributions, region by region.
    kstwo = []
    for n in [1, 2, 3, 5, 10, 50, 100, 140, 141, 300, 1000, 5000, 100000, 100001, 300000, 2000000]:
        for x in [0.3 / n, 0.7 / n, 1.0 / n, 2.0 / n, 5.0 / n, 20.0 / n, 0.5 / math.sqrt(n), 0.8 / math.sqrt(n), 1.2 / math.sqrt(n),
                  1.6 / math.sqrt(n), 2.5 / math.sqrt(n), 5 / math.sqrt(n), 0.1, 0.2, 0.45, 0.5, 0.7,
                  1 - 1.5 / n, 0.99]:
            if 0 < x < 1:
                kstwo.append([n, x, float(stats.kstwo.sf(x, n))])
    smirnov = []
    for n in [2, 3, 7, 20, 141, 1000, 20000, 999999, 1000001]:
        for x in [0.2 / n, 1.0 / n, 1.5 / n, 0.3 / math.sqrt(n), 1 / math.sqrt(n), 2 / math.sqrt(n),
                  4 / math.sqrt(n), 0.25, 0.5, 0.75, 1 - 1.0 / n, 1 - 0.5 / n]:
            if 0 < x < 1:
                smirnov.append([n, x, float(special.smirnov(n, x))])

    out = {"levels": LEVELS, "missing_code": MISSING_CODE, "numeric": numeric, "categorical": categorical,
           "kstwo": kstwo, "smirnov": smirnov}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data_drift.json")
    with open(path, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    for c in numeric:
        d = c["drift"]
        print(c["name"], d and d["ks"], d and d["psi"])


if __name__ == "__main__":
    main()
