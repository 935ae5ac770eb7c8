#!/usr/bin/env python3
"""A small multiclass evaluation set to look at the pages with: 5,000 rows, 8 digit classes,
7 often taken for 1 (a planted confusable pair), class 3 degrading where ink = light, and two
models (candidate better than baseline), plus hard predictions of the candidate. Deterministic
(seeded). Needs numpy.

Usage: multiclass_sample.py OUT.csv [ROWS [CLASSES]], then for example
  loupe build --data OUT.csv --label digit --task multiclass --score 'candidate=pnew_*' \
      --score 'baseline=pold_*' --baseline baseline --slice ink --slice writer_age --out site
  loupe build --data OUT.csv --label digit --task multiclass --score hard=hard_new --slice ink --out hard
"""
import csv, sys
import numpy as np

def main(path, n=5000, classes=8, seed=12):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    ink = rng.choice(["dark", "medium", "light"], n, p=[0.45, 0.35, 0.2])
    writer_age = rng.choice(["<30", "30-60", "60+"], n)
    rows = []
    for model_noise in (1.0, 1.4):
        logits = rng.normal(0, model_noise, (n, classes))
        logits[np.arange(n), y] += 2.6
        sevens = y == 7
        logits[sevens, 1] += 2.2 * rng.random(sevens.sum())  # 7 confused with 1
        bad = (y == 3) & (ink == "light")
        logits[bad, 3] -= 2.0
        logits[bad, 5] += 1.0
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        rows.append(p)
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["digit", "ink", "writer_age"] + [f"pnew_{c}" for c in range(classes)]
                   + [f"pold_{c}" for c in range(classes)] + ["hard_new"])
        for i in range(n):
            w.writerow([y[i], ink[i], writer_age[i]] + [f"{v:.6f}" for v in rows[0][i]]
                       + [f"{v:.6f}" for v in rows[1][i]] + [int(rows[0][i].argmax())])

if __name__ == "__main__":
    main(sys.argv[1], n=int(sys.argv[2]) if len(sys.argv) > 2 else 5000,
         classes=int(sys.argv[3]) if len(sys.argv) > 3 else 8)
