#!/usr/bin/env python3
"""Writes the regression end-to-end fixture of LoupeCLITests from a real data set: scikit-learn's
diabetes data (442 patients, a disease-progression score one year after baseline).

  diabetes_predictions.csv  the ten features (age, sex, bmi, bp, s1–s6, standardised), a visit
                            date in shuffled order (so time order differs from row order), a
                            weight, a sex_group column (F/M), the label `progression`, and two
                            models' predictions: `linear` (least squares on the first 300 rows,
                            every feature but s6) and `simple` (bmi and s5 only). One row has a
                            missing label and one a missing `simple` prediction.
  diabetes_expected.json    per model: scikit-learn's metrics, weighted, overall and per
                            sex_group (Durbin–Watson unweighted, in date order); and the residual
                            analysis, unweighted, in date order: scipy moments and Jarque–Bera,
                            statsmodels acf / Ljung–Box / Breusch–Pagan, and every other column
                            against the residual (scipy pearsonr, spearmanr, f_oneway).

Run with numpy, pandas, scipy, statsmodels and scikit-learn installed:  python3 make_regression_fixture.py
"""
import json

import numpy as np
import pandas as pd
from scipy import stats
from sklearn import metrics as skm
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression
from statsmodels.stats.diagnostic import acorr_ljungbox, het_breuschpagan
from statsmodels.stats.stattools import durbin_watson
from statsmodels.tsa.stattools import acf

data = load_diabetes(as_frame=True)
X = data.data.copy()
y = data.target.to_numpy(float)
n = len(y)
rng = np.random.default_rng(7)
features = list(X.columns)

linear = LinearRegression().fit(X.iloc[:300][[c for c in features if c != "s6"]], y[:300])
simple = LinearRegression().fit(X.iloc[:300][["bmi", "s5"]], y[:300])
df = X.round(6)
df["visit"] = pd.to_datetime("2023-01-01") + pd.to_timedelta(rng.permutation(n) // 2, unit="D")
df["visit"] = df["visit"].dt.strftime("%Y-%m-%d")
df["w"] = np.round(rng.uniform(0.5, 2.0, size=n), 3)
df["sex_group"] = np.where(X["sex"] > 0, "M", "F")
df["progression"] = y
df["linear"] = np.round(linear.predict(X[[c for c in features if c != "s6"]]), 4)
df["simple"] = np.round(simple.predict(X[["bmi", "s5"]]), 4)
df["progression"] = df["progression"].astype(object)
df["simple"] = df["simple"].astype(object)
df.loc[17, "progression"] = np.nan
df.loc[90, "simple"] = np.nan
df.to_csv("diabetes_predictions.csv", index=False, na_rep="NA")

used = df[df["progression"].notna() & df["simple"].notna()].copy()
used["progression"] = used["progression"].astype(float)
used["simple"] = used["simple"].astype(float)
# Time order, ties in file order.
used = used.iloc[np.argsort(pd.to_datetime(used["visit"]).to_numpy(), kind="stable")]


def metric_set(t, p, w):
    e = t - p
    mse = skm.mean_squared_error(t, p, sample_weight=w)
    mean_residual = np.average(e, weights=w)
    return {
        "count": int(len(t)),
        "mse": mse,
        "rmse": float(np.sqrt(mse)),
        "mae": skm.mean_absolute_error(t, p, sample_weight=w),
        "r2": skm.r2_score(t, p, sample_weight=w),
        "median_absolute_error": skm.median_absolute_error(t, p, sample_weight=w),
        "mape": skm.mean_absolute_percentage_error(t, p, sample_weight=w),
        "max_error": skm.max_error(t, p),
        "explained_variance": skm.explained_variance_score(t, p, sample_weight=w),
        "mean_residual": float(mean_residual),
        "durbin_watson": float(durbin_watson(e)),
    }


def residual_analysis(t, p, frame):
    e = t - p
    lb = acorr_ljungbox(e, lags=20)
    bp = het_breuschpagan(e, np.column_stack([np.ones(len(p)), p]))
    jb = stats.jarque_bera(e)
    out = {
        "mean": float(e.mean()), "standard_deviation": float(e.std(ddof=1)),
        "skewness": float(stats.skew(e)), "kurtosis": float(stats.kurtosis(e)),
        "jarque_bera": float(jb.statistic), "jarque_bera_p": float(jb.pvalue),
        "durbin_watson": float(durbin_watson(e)),
        "acf": [float(v) for v in acf(e, nlags=20, fft=False)[1:]],
        "ljung_box": [float(v) for v in lb["lb_stat"]], "ljung_box_p": [float(v) for v in lb["lb_pvalue"]],
        "breusch_pagan": float(bp[0]), "breusch_pagan_p": float(bp[1]),
        "breusch_pagan_f": float(bp[2]), "breusch_pagan_f_p": float(bp[3]),
        "features": {},
    }
    for column in features + ["w", "visit"]:
        x = frame[column]
        if column == "visit":
            x = pd.to_datetime(x).astype("int64") / 1e9
        x = x.to_numpy(float)
        r = stats.pearsonr(x, e)
        rho = stats.spearmanr(x, e)
        out["features"][column] = {"pearson": float(r.statistic), "p": float(r.pvalue),
                                   "spearman": float(rho.statistic), "spearman_p": float(rho.pvalue)}
    groups = [e[frame["sex_group"].to_numpy() == g] for g in ["F", "M"]]
    anova = stats.f_oneway(*groups)
    grand = e.mean()
    eta2 = sum(len(g) * (g.mean() - grand) ** 2 for g in groups) / ((e - grand) ** 2).sum()
    out["features"]["sex_group"] = {"f": float(anova.statistic), "p": float(anova.pvalue), "eta": float(np.sqrt(eta2)),
                                    "means": {"F": float(groups[0].mean()), "M": float(groups[1].mean())}}
    return out


expected = {}
t_all = used["progression"].to_numpy(float)
w_all = used["w"].to_numpy(float)
for model in ["linear", "simple"]:
    p_all = used[model].to_numpy(float)
    per_group = {}
    for g in ["F", "M"]:
        m = used["sex_group"].to_numpy() == g
        per_group[g] = metric_set(t_all[m], p_all[m], w_all[m])
    expected[model] = {
        "overall": metric_set(t_all, p_all, w_all),
        "unweighted": metric_set(t_all, p_all, np.ones(len(t_all))),
        "sex_group": per_group,
        "residuals": residual_analysis(t_all, p_all, used),
    }
with open("diabetes_expected.json", "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
