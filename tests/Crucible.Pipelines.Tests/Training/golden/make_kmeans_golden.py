"""Golden values for the k-means trainer (tests/Crucible.Pipelines.Tests/Training/ClusteringTrainerTests.cs).

Run with Debian's python3 (scikit-learn 1.2.1):  /usr/bin/python3 make_kmeans_golden.py
Writes kmeans_golden.json: datasets of float32 values (so the C# float32 reader sees the same numbers), the initial
centers handed to both implementations, and scikit-learn's KMeans(init=centers, n_init=1, algorithm="lloyd") inertia,
labels, centers and iteration count.
"""
import json
import os

import numpy as np
import sklearn
from sklearn.cluster import KMeans

rng = np.random.default_rng(22)
cases = []


def case(name, x, k, max_iter=300):
    x = x.astype(np.float32).astype(np.float64)
    init = x[rng.choice(len(x), k, replace=False)]
    km = KMeans(n_clusters=k, init=init, n_init=1, algorithm="lloyd", max_iter=max_iter, tol=1e-4).fit(x)
    cases.append({
        "name": name,
        "columns": x.shape[1],
        "k": k,
        "max_iter": max_iter,
        "features": x.ravel().tolist(),
        "init": init.ravel().tolist(),
        "inertia": float(km.inertia_),
        "labels": km.labels_.tolist(),
        "centers": km.cluster_centers_.ravel().tolist(),
        "n_iter": int(km.n_iter_),
    })


centers = np.array([[0, 0, 0], [5, 5, 0], [0, 5, 5], [5, 0, 5]])
x = np.vstack([rng.normal(c, 1.2, (80, 3)) for c in centers])
case("four_blobs_3d", x, 4)
case("four_blobs_3d_as_three", x, 3)
x = rng.uniform(-10, 10, (400, 2))
case("uniform_square_k6", x, 6)
x = np.column_stack([rng.gamma(2, 50, 300), rng.poisson(4, 300), rng.normal(40, 12, 300)])
case("customer_like_k5_two_iterations", x, 5, max_iter=2)

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "kmeans_golden.json"), "w") as f:
    json.dump({"sklearn_version": sklearn.__version__, "cases": cases}, f, indent=1)
