#!/usr/bin/env python3
"""Writes a real multiclass evaluation file: scikit-learn's handwritten digits (1,797 8×8 images,
10 classes) split in half (stratified, seed 0); two models trained on the first half and their
class probabilities on the second:

  logistic  LogisticRegression on the 64 scaled pixels (the model under review)
  coarse    LogisticRegression on the image pooled to 4×4 (a weaker baseline)

Columns: digit (the label, 0-9), logistic_0 ... logistic_9, coarse_0 ... coarse_9 (probabilities
as predict_proba gives them, written with 17 significant digits), ink (light / medium / heavy:
the image's total intensity in tertiles of the test half), width (narrow / medium / wide: how
many of the 8 pixel columns hold ink, at most 5, 6, or 7 and more) and weight (1, 2 or 3 by test row, to exercise weights: not a
property of the data).

Usage: make_digits_example.py OUT.csv    (needs numpy, scikit-learn; deterministic)

Then, for example:
  loupe build --data OUT.csv --label digit --score logistic='logistic_*' --score coarse='coarse_*' \\
      --baseline coarse --slice ink --slice width --slice ink,width --out /tmp/digits-site
  python3 scripts/check_against_sklearn.py OUT.csv /tmp/digits-site/results.json
"""
import csv
import sys

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def pooled(images):
    """8×8 images averaged over 2×2 blocks: 16 coarse pixels."""
    return images.reshape(-1, 4, 2, 4, 2).mean(axis=(2, 4)).reshape(len(images), 16)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    digits = load_digits()
    x_train, x_test, y_train, y_test, img_train, img_test = train_test_split(
        digits.data, digits.target, digits.images, test_size=0.5, stratify=digits.target, random_state=0)
    logistic = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, random_state=0))
    logistic.fit(x_train, y_train)
    coarse = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=5000, random_state=0))
    coarse.fit(pooled(img_train), y_train)
    p_logistic = logistic.predict_proba(x_test)
    p_coarse = coarse.predict_proba(pooled(img_test))

    total_ink = x_test.sum(axis=1)
    cuts = np.quantile(total_ink, [1 / 3, 2 / 3])
    ink = np.where(total_ink < cuts[0], "light", np.where(total_ink < cuts[1], "medium", "heavy"))
    columns_used = (img_test.sum(axis=1) > 0).sum(axis=1)
    width = np.where(columns_used <= 5, "narrow", np.where(columns_used == 6, "medium", "wide"))
    weight = 1 + np.arange(len(y_test)) % 3

    with open(sys.argv[1], "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["digit"] + [f"logistic_{c}" for c in range(10)] + [f"coarse_{c}" for c in range(10)]
                     + ["ink", "width", "weight"])
        for i in range(len(y_test)):
            out.writerow([int(y_test[i])] + [repr(float(p)) for p in p_logistic[i]] + [repr(float(p)) for p in p_coarse[i]]
                         + [ink[i], width[i], int(weight[i])])
    print(f"wrote {len(y_test)} rows to {sys.argv[1]}: logistic accuracy {logistic.score(x_test, y_test):.3f}, "
          f"coarse accuracy {coarse.score(pooled(img_test), y_test):.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
