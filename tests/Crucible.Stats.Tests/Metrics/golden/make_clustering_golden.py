#!/usr/bin/python3
"""Generate clustering_golden.json: reference values for Crucible.Stats.Metrics.ClusteringMetrics from scikit-learn.

Run with Debian's interpreter (python3-sklearn 1.2.1):
    /usr/bin/python3 make_clustering_golden.py
Writes clustering_golden.json next to this script. Features are float32 values (as Crucible reads them) widened to
float64, the precision scikit-learn computes in.
"""
import json
import os

import numpy as np
import sklearn
from sklearn import metrics as M

rng = np.random.default_rng(20261207)


def blobs(centers, n_per, spread):
    xs, ys = [], []
    for c, (center, n) in enumerate(zip(centers, n_per)):
        xs.append(rng.normal(center, spread, size=(n, len(center))))
        ys += [c] * n
    x = np.vstack(xs).astype(np.float32).astype(np.float64)
    return x, np.array(ys)


def noisy(labels, share, k):
    out = labels.copy()
    flip = rng.uniform(0, 1, len(labels)) < share
    out[flip] = rng.integers(0, k, flip.sum())
    return out


cases = []


def case(name, x, labels_pred, labels_true):
    cases.append({
        "name": name,
        "columns": x.shape[1],
        "features": x.ravel().tolist(),
        "labels_pred": [int(v) for v in labels_pred],
        "labels_true": [int(v) for v in labels_true],
        "expected": {
            "silhouette": float(M.silhouette_score(x, labels_pred)),
            "calinski_harabasz": float(M.calinski_harabasz_score(x, labels_pred)),
            "davies_bouldin": float(M.davies_bouldin_score(x, labels_pred)),
            "adjusted_rand": float(M.adjusted_rand_score(labels_true, labels_pred)),
            "mutual_information": float(M.mutual_info_score(labels_true, labels_pred)),
            "normalized_mutual_information": float(M.normalized_mutual_info_score(labels_true, labels_pred)),
            "adjusted_mutual_information": float(M.adjusted_mutual_info_score(labels_true, labels_pred)),
        },
    })


x, y = blobs([[0, 0], [6, 0], [3, 5]], [40, 35, 45], 1.0)
case("three_blobs_2d_exact", x, y, y)
case("three_blobs_2d_noisy", x, noisy(y, 0.3, 3), y)

x, y = blobs([[0, 0, 0, 0], [4, 4, 0, 0], [0, 4, 4, 0], [0, 0, 4, 4], [4, 0, 0, 4]], [30, 10, 50, 20, 40], 1.5)
pred = noisy(y, 0.2, 5)
case("five_blobs_4d_imbalanced", x, pred, noisy(y, 0.1, 4) * 7 - 3)

x, y = blobs([[0.0], [1.0]], [60, 60], 0.8)
case("overlapping_1d", x, y, (x[:, 0] > 0.5).astype(int))

x, y = blobs([[10, -5, 3], [10.5, -5, 3]], [25, 25], 2.0)
pred = np.where(np.arange(50) == 7, 9, y)  # a singleton cluster: its silhouette counts 0
case("singleton_cluster", x, pred, rng.integers(0, 3, 50))

x, y = blobs([[1, 1], [-1, -1]], [100, 100], 0.5)
case("independent_labels", x, y, rng.integers(0, 6, 200) * 11)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "clustering_golden.json"), "w") as f:
    json.dump({"sklearn_version": sklearn.__version__, "cases": cases}, f, indent=1)
