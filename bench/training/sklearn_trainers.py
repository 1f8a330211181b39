"""Trainers benchmark, scikit-learn side (issue 8). Run with Debian's python3 (scikit-learn 1.2.1).

    /usr/bin/python3 bench/training/sklearn_trainers.py OUT_DIR [ROWS] [FEATURES] [SEED]

Generates a seeded binary-classification dataset with nonlinear interactions (default 50,000 rows x 20 features),
splits it 80/20, writes OUT_DIR/train.csv and OUT_DIR/test.csv (features as float32 values, label column `y`), fits
LogisticRegression and HistGradientBoostingClassifier with their defaults (HGB also without early stopping, the
setting Crucible's gbt_classifier uses) and prints one JSON object: ROC AUC on the test split and fit seconds.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def make_data(rows, features, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(0, 1, (rows, features))
    X[:, 1] = rng.uniform(0, 100, rows)                      # a wide-range feature
    X[:, 2] = rng.integers(0, 5, rows)                       # a discrete one
    X[:, 3] = 0.6 * X[:, 0] + 0.8 * rng.normal(0, 1, rows)   # correlated with x0
    logit = (
        0.8 * X[:, 0]
        - 0.02 * (X[:, 1] - 50)
        + 0.3 * X[:, 2]
        + 1.2 * X[:, 4] * X[:, 5]                            # interaction
        + 1.5 * np.sin(2 * X[:, 6])                          # periodic
        + 0.8 * (X[:, 7] ** 2 - 1)                           # quadratic
        + 1.0 * (X[:, 8] > 0.5) * (X[:, 9] > 0)              # threshold interaction
        + 0.4 * X[:, 10:15].sum(axis=1) / np.sqrt(5)
        - 0.5
    )
    y = (rng.uniform(0, 1, rows) < 1 / (1 + np.exp(-logit))).astype(int)
    return X.astype(np.float32), y


def write(path, X, y):
    names = [f"x{j}" for j in range(X.shape[1])]
    with open(path, "w") as f:
        f.write(",".join(names) + ",y\n")
        for row, label in zip(X, y):
            f.write(",".join(repr(float(v)) for v in row) + f",{label}\n")


def fit(model, X, y, Xt, yt):
    started = time.perf_counter()
    model.fit(X, y)
    seconds = time.perf_counter() - started
    return {"auc": roc_auc_score(yt, model.predict_proba(Xt)[:, 1]), "fit_seconds": seconds,
            "n_iter": int(np.max(model.n_iter_))}


def main():
    out = sys.argv[1]
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    features = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 8
    X, y = make_data(rows, features, seed)
    split = int(rows * 0.8)
    write(f"{out}/train.csv", X[:split], y[:split])
    write(f"{out}/test.csv", X[split:], y[split:])
    X, Xt = X[:split].astype(np.float64), X[split:].astype(np.float64)
    y, yt = y[:split], y[split:]
    result = {
        "sklearn": sklearn.__version__, "rows": rows, "features": features, "seed": seed, "positive_rate": float(y.mean()),
        "logistic_regression": fit(LogisticRegression(), X, y, Xt, yt),
        "hist_gradient_boosting": fit(HistGradientBoostingClassifier(random_state=seed), X, y, Xt, yt),
        "hist_gradient_boosting_no_early_stopping": fit(
            HistGradientBoostingClassifier(early_stopping=False, random_state=seed), X, y, Xt, yt),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
