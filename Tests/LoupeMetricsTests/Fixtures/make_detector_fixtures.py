"""Writes detector_streams.json: drift and warning indices of streaming drift detectors.

Run with Python 3.11 (menelaus sums floats with sum(), compensated from 3.12 on) and a venv
holding river==0.26.1, menelaus==0.2.0, numpy, scipy and pandas:

    python3 -m venv /work/venv-detectors
    /work/venv-detectors/bin/pip install river==0.26.1 menelaus numpy scipy
    /work/venv-detectors/bin/python make_detector_fixtures.py

Every stream is generated here from a fixed seed and stored in the JSON, so the Swift tests do
not depend on numpy's generators. Real values are rounded to 4 decimals (the rounded decimal text
parses to the same double in Python and Swift).

- ddm, eddm, hddm_a, hddm_w, adwin, page_hinkley: river.drift 0.26.1 itself.
- hdddm: menelaus' HDDDM(detect_batch=3); with statistic="stdev" menelaus multiplies the
  standard deviation by `significance`, so our `gamma` is passed as menelaus' `significance`.
- lfr, md3: the reference implementations below (`lfr_reference`, `md3_reference`), written
  from the definitions in LinearFourRates.swift and MarginDensity.swift.

A drift or warning index is the 0-based position of the row (or window) after whose update the
detector's flag was set. River resets lazily: at the start of the update after a drift.
"""

import json
import math
import os

import numpy as np
import pandas as pd
from menelaus.data_drift.hdddm import HDDDM
from river import drift
from river.drift import binary
from scipy import stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "detector_streams.json")


def bernoulli(rng, probabilities):
    return [int(rng.random() < p) for p in probabilities]


def binary_streams():
    rng = np.random.default_rng(20261)
    return {
        # Error rate 0.1, then 0.4 from row 1000.
        "abrupt": bernoulli(rng, [0.1] * 1000 + [0.4] * 1500),
        # Error rate 0.1, rising linearly to 0.5 over rows 1000..1999, then 0.5.
        "gradual": bernoulli(rng, [0.1] * 1000 + [0.1 + 0.4 * i / 1000 for i in range(1000)] + [0.5] * 1000),
        # Error rate 0.2 throughout: any drift is a false alarm.
        "stationary": bernoulli(rng, [0.2] * 3000),
        # Error rate 0.4, then 0.05 from row 800 (an improvement; two-sided tests see it).
        "improving": bernoulli(rng, [0.4] * 800 + [0.05] * 1200),
        "constant_zero": [0] * 400,
        "constant_one": [1] * 400,
        # Shorter than every warm-up.
        "short": bernoulli(rng, [0.5] * 9),
    }


def real_streams():
    rng = np.random.default_rng(20262)

    def r(values):
        return [round(float(v), 4) for v in values]

    return {
        "mean_up": r(np.concatenate([rng.normal(0, 1, 1000), rng.normal(1.5, 1, 1500)])),
        "mean_down": r(np.concatenate([rng.normal(2, 1, 1000), rng.normal(0.5, 1, 1500)])),
        "small_shift": r(np.concatenate([rng.normal(0, 1, 1500), rng.normal(0.4, 1, 1500)])),
        "stationary_normal": r(rng.normal(0, 1, 3000)),
        "constant": [0.25] * 600,
        "short": r(rng.normal(0, 1, 7)),
    }


def run_river(detector, values):
    drifts, warnings = [], []
    for i, x in enumerate(values):
        detector.update(x)
        if detector.drift_detected:
            drifts.append(i)
        if getattr(detector, "warning_detected", False):
            warnings.append(i)
    return drifts, warnings


def text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


RIVER = {
    "ddm": (binary.DDM, [{}, {"warm_start": 100, "warning_threshold": 1.5, "drift_threshold": 2.5}]),
    "eddm": (binary.EDDM, [{}, {"warm_start": 10, "alpha": 0.9, "beta": 0.8}]),
    "hddm_a": (
        binary.HDDMA,
        [{}, {"drift_confidence": 0.01, "warning_confidence": 0.05, "two_sided_test": True}],
    ),
    "hddm_w": (
        binary.HDDMW,
        [
            {},
            {"drift_confidence": 0.01, "warning_confidence": 0.05, "lambda_val": 0.1, "two_sided_test": True},
        ],
    ),
    "adwin": (
        drift.ADWIN,
        [
            {},
            {"delta": 0.05, "clock": 1, "max_buckets": 3, "min_window_length": 10, "grace_period": 50},
            {"delta": 0.01, "clock": 7, "max_buckets": 2, "min_window_length": 1, "grace_period": 1},
            # max_buckets=1 is left out: River 0.26.1's Rust core panics ("slice index starts at 1
            # but ends at 0") when it drops the oldest bucket from a level that merging emptied.
        ],
    ),
    "page_hinkley": (
        drift.PageHinkley,
        [
            {},
            {"min_instances": 10, "delta": 0.01, "threshold": 20.0, "alpha": 0.99, "mode": "up"},
            {"min_instances": 50, "delta": 0.1, "threshold": 10.0, "alpha": 1.0, "mode": "down"},
        ],
    ),
}


def river_cases(binary_s, real_s):
    cases = []
    for name, (cls, parameter_sets) in RIVER.items():
        streams = dict(binary_s)
        if name in ("adwin", "page_hinkley"):
            streams = {**real_s, "abrupt": binary_s["abrupt"], "stationary": binary_s["stationary"]}
        for parameters in parameter_sets:
            for stream_name, values in streams.items():
                drifts, warnings = run_river(cls(**parameters), values)
                cases.append(
                    {
                        "detector": name,
                        "parameters": {k: text(v) for k, v in parameters.items()},
                        "stream": stream_name,
                        "drifts": drifts,
                        "warnings": warnings,
                    }
                )
    return cases


# ---------------------------------------------------------------------------------------------
# Linear Four Rates with deterministic bounds (reference for LinearFourRates.swift).


def lfr_reference(labels, predictions, time_decay_factor=0.9, warning_level=0.01, detect_level=0.0001, burn_in=50):
    """Linear Four Rates (Wang & Abraham 2015) with normal-approximation bounds.

    State: a confusion table C[y][ŷ] with a pseudo-count of 1 per cell, four rates (TPR, TNR,
    PPV, NPV) starting at 0.5, and the number of rows t since the (re)start.
    One step with (y, ŷ):
      1. (lazy reset) if the previous step detected drift, restore the initial state;
      2. t += 1 and C[y][ŷ] += 1 (the table is updated first, so the bounds include this row);
      3. each rate the row bears on (TPR if y = 1, TNR if y = 0, PPV if ŷ = 1, NPV if ŷ = 0)
         becomes η·R + (1 − η)·1[y = ŷ];
      4. if t > burn_in, for every rate: P = its empirical value from C, N = its denominator,
         μ = P(1 − η^N), σ = √(P(1 − P)(1 − η)²(1 − η^(2N))/(1 − η²)); the rate is out at level
         a when |R − μ| > z(1 − a)·σ. Drift when any rate is out at detect_level; otherwise
         warning when any is out at warning_level.
    """
    eta = time_decay_factor
    z_warn = stats.norm.ppf(1 - warning_level)
    z_detect = stats.norm.ppf(1 - detect_level)
    drifts, warnings = [], []
    state = None
    drifted = True
    for i, (y, yhat) in enumerate(zip(labels, predictions)):
        if drifted:
            state = {"c": [[1, 1], [1, 1]], "r": [0.5] * 4, "t": 0}
            drifted = False
        c, r = state["c"], state["r"]
        state["t"] += 1
        c[y][yhat] += 1
        hit = 1.0 if y == yhat else 0.0
        bears = [y == 1, y == 0, yhat == 1, yhat == 0]
        for j in range(4):
            if bears[j]:
                r[j] = eta * r[j] + (1 - eta) * hit
        if state["t"] <= burn_in:
            continue
        # (numerator, denominator) for TPR, TNR, PPV, NPV
        fractions = [
            (c[1][1], c[1][0] + c[1][1]),
            (c[0][0], c[0][0] + c[0][1]),
            (c[1][1], c[0][1] + c[1][1]),
            (c[0][0], c[0][0] + c[1][0]),
        ]
        out_detect = out_warn = False
        for j, (num, den) in enumerate(fractions):
            p = num / den
            mu = p * (1 - eta**den)
            sigma = math.sqrt(p * (1 - p) * (1 - eta) ** 2 * (1 - eta ** (2 * den)) / (1 - eta**2))
            deviation = abs(r[j] - mu)
            if deviation > z_detect * sigma:
                out_detect = True
            if deviation > z_warn * sigma:
                out_warn = True
        if out_detect:
            drifts.append(i)
            drifted = True
        elif out_warn:
            warnings.append(i)
    return drifts, warnings


def lfr_streams():
    rng = np.random.default_rng(20263)

    def classify(n, accuracy_pos, accuracy_neg, positive_rate=0.5):
        y = [int(rng.random() < positive_rate) for _ in range(n)]
        yhat = [t if rng.random() < (accuracy_pos if t == 1 else accuracy_neg) else 1 - t for t in y]
        return y, yhat

    def join(*parts):
        return [sum((p[0] for p in parts), []), sum((p[1] for p in parts), [])]

    return {
        # The classifier loses its recall on positives from row 1000.
        "recall_drop": join(classify(1000, 0.9, 0.9), classify(1500, 0.5, 0.9)),
        # Stationary accuracy 0.8 on both classes.
        "stationary": join(classify(3000, 0.8, 0.8)),
        # Prevalence moves from 0.5 to 0.15 at row 800 with the same per-class accuracy.
        "prevalence_shift": join(classify(800, 0.85, 0.85), classify(1200, 0.85, 0.85, positive_rate=0.15)),
        "short": join(classify(30, 0.8, 0.8)),
    }


LFR_PARAMETERS = [
    {},
    {"time_decay_factor": 0.95, "warning_level": 0.05, "detect_level": 0.001, "burn_in": 100},
]


def lfr_cases():
    cases = []
    streams = lfr_streams()
    for parameters in LFR_PARAMETERS:
        for name, (labels, predictions) in streams.items():
            drifts, warnings = lfr_reference(labels, predictions, **parameters)
            cases.append(
                {
                    "parameters": {k: text(v) for k, v in parameters.items()},
                    "stream": name,
                    "drifts": drifts,
                    "warnings": warnings,
                }
            )
    return streams, cases


# ---------------------------------------------------------------------------------------------
# HDDDM through menelaus.


def hdddm_datasets():
    rng = np.random.default_rng(20264)
    sets = {}
    # 3 features, 14 windows of 120 rows; feature 0 shifts by 1.2 from window 8 on.
    windows = []
    for w in range(14):
        shift = 1.2 if w >= 8 else 0.0
        a = rng.normal(shift, 1, 120)
        b = rng.exponential(1, 120)
        c = rng.uniform(0, 1, 120)
        windows.append([[round(float(v), 4) for v in col] for col in (a, b, c)])
    sets["shift_feature0"] = windows
    # 2 features, 12 windows of 80 rows, no change.
    windows = []
    for w in range(12):
        windows.append([[round(float(v), 4) for v in rng.normal(0, 1, 80)] for _ in range(2)])
    sets["stationary"] = windows
    # Integer-valued features with ties on bin edges and one constant column, varying sizes;
    # the scale of feature 0 grows from window 6 on.
    windows = []
    for w in range(12):
        n = 50 + 7 * (w % 3)
        spread = 6 if w >= 6 else 3
        windows.append(
            [
                [float(v) for v in rng.integers(0, spread, n)],
                [2.0] * n,
                [float(v) for v in rng.integers(-2, 3, n)],
            ]
        )
    sets["ties_and_constant"] = windows
    # Gradual drift: the mean of one feature creeps up by 0.25 per window.
    windows = []
    for w in range(16):
        windows.append([[round(float(v), 4) for v in rng.normal(0.25 * max(0, w - 5), 1, 100)]])
    sets["gradual"] = windows
    return sets


HDDDM_PARAMETERS = [
    {},
    {"statistic": "stdev", "gamma": 1.0},
    {"statistic": "stdev", "gamma": 2.5},
    {"statistic": "tstat", "significance": 0.2},
]


def run_hdddm(windows, parameters):
    statistic = parameters.get("statistic", "tstat")
    if statistic == "stdev":
        significance = parameters.get("gamma", 1.0)
    else:
        significance = parameters.get("significance", 0.05)
    detector = HDDDM(detect_batch=3, statistic=statistic, significance=significance)

    def frame(window):
        return pd.DataFrame({f"f{j}": col for j, col in enumerate(window)})

    detector.set_reference(frame(windows[0]))
    drifts = []
    for index in range(1, len(windows)):
        detector.update(frame(windows[index]))
        if detector.drift_state == "drift":
            drifts.append(index)
    return drifts


def hdddm_cases():
    datasets = hdddm_datasets()
    cases = []
    for parameters in HDDDM_PARAMETERS:
        for name, windows in datasets.items():
            cases.append(
                {
                    "parameters": {k: text(v) for k, v in parameters.items()},
                    "dataset": name,
                    "drifts": run_hdddm(windows, parameters),
                }
            )
    return datasets, cases


# ---------------------------------------------------------------------------------------------
# MD3 (reference for MarginDensity.swift).


def md3_reference(windows, margin=0.1, threshold=0.5, k=2.0, warning_k=1.5, reference_windows=5):
    """Margin density drift detection (Sethi & Kantardzic 2017) on classifier scores.

    The margin density of a window is the share of its (non-NaN) scores s with
    |s − threshold| < margin (strict). The first `reference_windows` windows with at least one
    score after the start (or after the window of the last drift) are the reference: their
    densities' mean m and sample standard deviation σ (n − 1 divisor). Every later window is
    compared: drift when |md − m| > k·σ, else warning when |md − m| > warning_k·σ. After a drift
    the reference is rebuilt from the windows that follow the drifting one. Windows without
    scores are skipped.
    """
    drifts, warnings = [], []
    reference = []
    mean = sd = None
    for index, window in enumerate(windows):
        scores = [s for s in window if not math.isnan(s)]
        if not scores:
            continue
        inside = 0
        for s in scores:
            if abs(s - threshold) < margin:
                inside += 1
        density = inside / len(scores)
        if len(reference) < reference_windows:
            reference.append(density)
            if len(reference) == reference_windows:
                # Explicit loops: sum() of floats is compensated from Python 3.12 on.
                total = 0.0
                for d in reference:
                    total += d
                mean = total / len(reference)
                if len(reference) > 1:
                    squares = 0.0
                    for d in reference:
                        squares += (d - mean) ** 2
                    sd = math.sqrt(squares / (len(reference) - 1))
                else:
                    sd = 0.0
            continue
        deviation = abs(density - mean)
        if deviation > k * sd:
            drifts.append(index)
            reference = []
        elif deviation > warning_k * sd:
            warnings.append(index)
    return drifts, warnings


def md3_datasets():
    rng = np.random.default_rng(20265)

    def scores(n, spread):
        # Logistic scores; a smaller spread puts more of them near 0.5.
        return [round(float(1 / (1 + math.exp(-v))), 4) for v in rng.normal(0, spread, n)]

    sets = {}
    sets["margin_grows"] = [scores(200, 3.0) for _ in range(12)] + [scores(200, 1.0) for _ in range(8)]
    sets["stationary"] = [scores(150, 2.5) for _ in range(20)]
    gaps = [scores(100, 2.0) for _ in range(15)]
    gaps[3] = []
    gaps[9] = [float("nan")] * 5 + gaps[9]
    sets["empty_and_nan"] = gaps
    sets["margin_shrinks"] = [scores(200, 1.0) for _ in range(8)] + [scores(200, 4.0) for _ in range(10)]
    return sets


MD3_PARAMETERS = [
    {},
    {"margin": 0.2, "threshold": 0.4, "k": 3.0, "warning_k": 2.0, "reference_windows": 4},
]


def md3_cases():
    datasets = md3_datasets()
    cases = []
    for parameters in MD3_PARAMETERS:
        for name, windows in datasets.items():
            drifts, warnings = md3_reference(windows, **parameters)
            cases.append(
                {
                    "parameters": {k: text(v) for k, v in parameters.items()},
                    "dataset": name,
                    "drifts": drifts,
                    "warnings": warnings,
                }
            )
    # NaN is not valid JSON: write it as null.
    datasets = {name: [[None if math.isnan(s) else s for s in w] for w in ws] for name, ws in datasets.items()}
    return datasets, cases


def main():
    binary_s, real_s = binary_streams(), real_streams()
    lfr_s, lfr_c = lfr_cases()
    hdddm_d, hdddm_c = hdddm_cases()
    md3_d, md3_c = md3_cases()
    out = {
        "binary_streams": binary_s,
        "real_streams": real_s,
        "river_cases": river_cases(binary_s, real_s),
        "lfr_streams": {k: {"labels": v[0], "predictions": v[1]} for k, v in lfr_s.items()},
        "lfr_cases": lfr_c,
        "hdddm_datasets": hdddm_d,
        "hdddm_cases": hdddm_c,
        "md3_datasets": md3_d,
        "md3_cases": md3_c,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")
    for c in out["river_cases"] + out["lfr_cases"]:
        print(c.get("detector", "lfr"), c["parameters"], c["stream"], len(c["drifts"]), len(c["warnings"]), c["drifts"][:6])
    for c in out["hdddm_cases"]:
        print("hdddm", c["parameters"], c["dataset"], c["drifts"])
    for c in out["md3_cases"]:
        print("md3", c["parameters"], c["dataset"], c["drifts"], c["warnings"])
    print(os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
