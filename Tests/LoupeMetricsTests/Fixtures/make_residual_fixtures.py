"""Writes residual_statistics.json: residual-analysis statistics from scipy / statsmodels.

Run with /tmp/venv/bin/python (numpy, scipy, statsmodels, mpmath). NaN is written as null.

Each distribution row ends with scipy's value and then mpmath's at 50 digits: scipy itself is off
by up to 3e-9 relative in places (2·t.sf(1e-8, 1), chi2.sf with 10⁴ df), so the tight tolerance is
checked against mpmath and the scipy column with a looser one.
"""

import json
import math
import os
import warnings

import mpmath as mp
import numpy as np
from scipy import stats
from statsmodels.stats.diagnostic import acorr_ljungbox, het_breuschpagan
from statsmodels.stats.stattools import durbin_watson
from statsmodels.tsa.stattools import acf

warnings.simplefilter("ignore")
NLAGS = 20
CONFIDENCE = 0.95
mp.mp.dps = 50


def _beta_fraction(a, b, x):
    # Numerical Recipes' betacf, in 50-digit arithmetic where its rounding does not matter.
    eps = mp.mpf(10) ** -45
    qab, qap, qam = a + b, a + 1, a - 1
    c, d = mp.mpf(1), 1 - qab * x / qap
    d = 1 / d
    h = d
    for m in range(1, 10**6):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 / (1 + aa * d)
        c = 1 + aa / c
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 / (1 + aa * d)
        c = 1 + aa / c
        h *= d * c
        if abs(d * c - 1) < eps:
            return h
    raise RuntimeError("no convergence")


def exact_beta(a, b, x):
    """I_x(a, b) at 50 digits: mpmath's betainc fails to converge for a ~ 10^5."""
    a, b, x = mp.mpf(a), mp.mpf(b), mp.mpf(x)
    if x < (a + 1) / (a + b + 2):
        return x**a * (1 - x) ** b / mp.beta(a, b) * _beta_fraction(a, b, x) / a
    y = 1 - x
    return 1 - y**b * x**a / mp.beta(a, b) * _beta_fraction(b, a, y) / b


def exact_chi2(x, k):
    return float(mp.gammainc(mp.mpf(k) / 2, mp.mpf(x) / 2, mp.inf, regularized=True))


def exact_t2(t, nu):
    t, nu = mp.mpf(t), mp.mpf(nu)
    return float(exact_beta(nu / 2, mp.mpf(1) / 2, nu / (nu + t * t)))


def exact_f(f, d1, d2):
    f, d1, d2 = mp.mpf(f), mp.mpf(d1), mp.mpf(d2)
    return float(exact_beta(d2 / 2, d1 / 2, d2 / (d2 + d1 * f)))


def clean(v):
    if isinstance(v, (list, tuple, np.ndarray)):
        return [clean(x) for x in v]
    v = float(v)
    return None if not math.isfinite(v) else v


def case(name, residual, prediction, codes=None, group_count=0, extra=None):
    e = np.asarray(residual, dtype=float)
    p = np.asarray(prediction, dtype=float)
    n = len(e)
    out = {"name": name, "residual": e.tolist(), "prediction": p.tolist()}
    mean = float(np.mean(e))
    out["moments"] = {
        "mean": mean,
        "sd": clean(np.std(e, ddof=1)) if n > 1 else None,
        "skewness": clean(stats.skew(e)),
        "kurtosis": clean(stats.kurtosis(e)),
        "jarque_bera": clean(stats.jarque_bera(e).statistic),
        "jarque_bera_p": clean(stats.jarque_bera(e).pvalue),
    }
    out["durbin_watson"] = clean(durbin_watson(e)) if n > 1 and np.sum(e**2) > 0 else None
    nlags = min(NLAGS, n - 1)
    out["nlags"] = nlags
    if nlags >= 1 and np.var(e) > 0:
        a, ci = acf(e, nlags=nlags, fft=False, adjusted=False, alpha=1 - CONFIDENCE, result_object=False)
        out["acf"] = clean(a)
        out["bartlett_half_width"] = clean(a - ci[:, 0])
        lb = acorr_ljungbox(e, lags=nlags)
        out["ljung_box"] = clean(lb["lb_stat"].values)
        out["ljung_box_p"] = clean(lb["lb_pvalue"].values)
    exog = np.column_stack([np.ones(n), p])
    if n > 2 and np.var(p) > 0 and np.var(e**2) > 0:
        out["breusch_pagan"] = clean(het_breuschpagan(e, exog))
    if extra is not None:
        x = np.column_stack([np.ones(n), p] + [np.asarray(c, dtype=float) for c in extra])
        out["extra_regressors"] = [list(map(float, c)) for c in extra]
        out["breusch_pagan_extra"] = clean(het_breuschpagan(e, x))
    if n >= 2 and np.var(e) > 0 and np.var(p) > 0:
        r = stats.pearsonr(p, e)
        out["pearson"] = clean([r.statistic, r.pvalue])
        s = stats.spearmanr(p, e)
        out["spearman"] = clean([s.statistic, s.pvalue])
    if codes is not None:
        codes = np.asarray(codes, dtype=np.int64)
        out["codes"] = codes.tolist()
        out["group_count"] = group_count
        samples = [e[codes == g] for g in range(group_count)]
        present = [s for s in samples if len(s) > 0]
        res = stats.f_oneway(*present)
        grand = e[codes < group_count]
        sst = np.sum((grand - grand.mean()) ** 2)
        ssb = sum(len(s) * (s.mean() - grand.mean()) ** 2 for s in present)
        groups = []
        for s in samples:
            if len(s) == 0:
                groups.append(None)
                continue
            g = {"count": len(s), "mean": float(s.mean()), "sd": None, "lower": None, "upper": None}
            if len(s) > 1:
                sd = float(np.std(s, ddof=1))
                half = stats.t.ppf(0.5 + CONFIDENCE / 2, len(s) - 1) * sd / math.sqrt(len(s))
                g.update(sd=sd, lower=float(s.mean() - half), upper=float(s.mean() + half))
            groups.append(g)
        out["anova"] = {
            "f": clean(res.statistic),
            "p": clean(res.pvalue),
            "eta_squared": clean(ssb / sst) if sst > 0 else None,
            "groups": groups,
        }
    return out


def distributions():
    chi2, t2, f, norm2, tppf = [], [], [], [], []
    dfs = [0.5, 1, 2, 3, 5, 10, 30, 100, 1000, 1e4, 1e5, 1e6]
    for k in dfs:
        mean, sd = k, math.sqrt(2 * k)
        xs = [1e-300, 1e-10, 1e-3, 0.5, 1, 2, 5, 20, 100, 1000, 2000]
        xs += [mean + c * sd for c in (-5, -3, -1, -0.1, 0, 0.1, 1, 3, 5, 10, 20, 35)]
        for x in xs:
            if x <= 0:
                continue
            v = stats.chi2.sf(x, k)
            if v > 0:
                chi2.append([x, k, float(v), exact_chi2(x, k)])
        for t in [1e-8, 0.01, 0.5, 1, 1.96, 3, 5, 10, 30, 100, 1e4, 1e10, 1e50]:
            v = 2 * stats.t.sf(t, k)
            if v > 0:
                t2.append([t, k, float(v), exact_t2(t, k)])
    for d1 in [1, 2, 3, 7, 20, 100, 1000, 1e6]:
        for d2 in [1, 2, 5, 30, 200, 5000, 1e6]:
            for x in [1e-6, 0.1, 0.5, 1, 1.5, 2, 4, 10, 50, 1000, 1e8]:
                v = stats.f.sf(x, d1, d2)
                if v > 0:
                    f.append([x, d1, d2, float(v), exact_f(x, d1, d2)])
    for z in [0, 1e-9, 0.1, 1, 1.959963984540054, 3, 6, 10, 20, 30, 37.5]:
        norm2.append([z, float(2 * stats.norm.sf(z))])
    for k in [1, 2, 3, 4, 5, 9, 29, 100, 1000, 1e5]:
        for p in [1e-12, 1e-4, 0.025, 0.1, 0.5, 0.9, 0.975, 0.995, 1 - 1e-9]:
            tppf.append([p, k, float(stats.t.ppf(p, k))])
    return {"chi2_sf": chi2, "t_sf_two_sided": t2, "f_sf": f, "norm_sf_two_sided": norm2, "t_ppf": tppf}


def main():
    rng = np.random.default_rng(20261122)
    cases = []
    n = 500
    pred = rng.normal(3, 2, n)
    e = rng.normal(0, 1, n)
    codes = rng.integers(0, 5, n)
    codes[codes == 2] = 3  # group 2 is empty
    codes[:7] = 2**32 - 1  # no group
    cases.append(case("normal_n500", e, pred, codes=codes, group_count=5, extra=[rng.normal(0, 1, n), pred**2]))
    n = 400
    pred = rng.uniform(0, 10, n)
    e = rng.normal(0, 1, n) * (0.2 + 0.3 * pred)
    cases.append(case("heteroscedastic_n400", e, pred, extra=[rng.uniform(-1, 1, n)]))
    n = 600
    e = np.zeros(n)
    for i in range(1, n):
        e[i] = 0.5 * e[i - 1] + rng.normal()
    pred = rng.normal(0, 1, n) + 0.3 * e
    codes = np.minimum((pred > 0).astype(int) + (pred > 1).astype(int), 2)
    cases.append(case("ar1_n600", e, pred, codes=codes, group_count=3))
    n = 300
    pred = np.round(rng.normal(0, 1, n), 1)
    e = np.round(0.4 * pred + rng.normal(0, 1, n), 0)
    codes = rng.integers(0, 40, n)  # many small groups, some with one row, some empty
    cases.append(case("ties_n300", e, pred, codes=codes, group_count=45))
    n = 200
    pred = rng.normal(0, 1, n)
    e = rng.standard_t(2.5, n) + 3 * pred  # strong correlation, heavy tails
    cases.append(case("correlated_heavy_tail_n200", e, pred, codes=(pred > 0).astype(int), group_count=2))
    cases.append(case("n2", [0.5, -1.0], [1.0, 2.0], codes=[0, 1], group_count=2))
    cases.append(case("n3", [0.5, -1.0, 2.0], [1.0, 3.0, 2.0], codes=[0, 0, 1], group_count=2))
    cases.append(case("n4", [0.5, -1.0, 2.0, 0.25], [1.0, 3.0, 2.0, 7.0], codes=[0, 0, 1, 1], group_count=2))
    cases.append(case("constant_prediction", rng.normal(0, 1, 50), np.full(50, 2.0)))
    out = {"confidence": CONFIDENCE, "nlags": NLAGS, "cases": cases, "distributions": distributions()}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "residual_statistics.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=None, separators=(",", ":"))
        fh.write("\n")


if __name__ == "__main__":
    main()
