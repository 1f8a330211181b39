# Golden values for the PCA data-reconstruction drift (NannyML's method), computed with numpy + scikit-learn.
# Run from this folder with Debian's python: /usr/bin/python3 make_pca_golden.py
# Writes mv_reference.csv, mv_current.csv (seeded) and pca_golden.json.
#
# The pipeline, step by step (fitted on the reference only):
#   1. impute: numeric -> mean of the reference; categorical -> most frequent reference value (ties: smallest);
#   2. frequency-encode categoricals: value -> its share of reference rows (unseen -> 0);
#   3. StandardScaler (population std; zero std -> 1);
#   4. PCA(n_components=0.65) (sklearn's rule: smallest k whose cumulative explained variance ratio exceeds 0.65);
#   5. error of a row = Euclidean distance between the scaled row and its inverse_transform(transform(row));
#      error of a chunk = mean over its rows; chunks = np.array_split (reference into 10, current into
#      round(n_current / (n_reference / 10)) chunks);
#   6. thresholds = mean +- 3 * std (ddof 0) of the reference chunks' errors, the lower one clipped at 0.
import csv
import json

import numpy as np
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

COLUMNS = ["a", "b", "c", "d", "segment"]


def sample(rng, n, rho):
    cov = np.array([[1, rho, 0.3, 0], [rho, 1, 0, 0], [0.3, 0, 1, 0.5], [0, 0, 0.5, 1]], dtype=float)
    x = rng.multivariate_normal([10, -2, 0, 5], cov, size=n)
    x[:, 0] *= 3.0
    seg = rng.choice(["north", "south", "east", "west"], size=n, p=[0.4, 0.3, 0.2, 0.1])
    rows = []
    for i in range(n):
        row = [f"{v:.6f}" for v in x[i]] + [seg[i]]
        if rng.random() < 0.03:
            row[int(rng.integers(0, 5))] = ""
        rows.append(row)
    return rows


def write(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)


def read(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        next(r)
        return list(r)


rng = np.random.default_rng(20261122)
write("mv_reference.csv", sample(rng, 1000, 0.8))
write("mv_current.csv", sample(rng, 600, -0.8))  # same marginals, correlation a-b flipped
ref, cur = read("mv_reference.csv"), read("mv_current.csv")


def numeric(rows, j):
    return np.array([float(r[j]) if r[j] != "" else np.nan for r in rows])


means = [np.nanmean(numeric(ref, j)) for j in range(4)]
seg_ref = [r[4] for r in ref if r[4] != ""]
values, counts = np.unique(seg_ref, return_counts=True)
mode = values[np.argmax(counts)]  # np.unique sorts, argmax takes the first: ties -> smallest
ref_seg_imputed = [r[4] if r[4] != "" else mode for r in ref]
freq = {v: ref_seg_imputed.count(v) / len(ref) for v in set(ref_seg_imputed)}


def encode(rows):
    out = np.empty((len(rows), 5))
    for j in range(4):
        col = numeric(rows, j)
        out[:, j] = np.where(np.isnan(col), means[j], col)
    out[:, 4] = [freq.get(r[4] if r[4] != "" else mode, 0.0) for r in rows]
    return out


scaler = StandardScaler().fit(encode(ref))
xr, xc = scaler.transform(encode(ref)), scaler.transform(encode(cur))
pca = PCA(n_components=0.65, svd_solver="full").fit(xr)


def errors(x):
    return np.linalg.norm(x - pca.inverse_transform(pca.transform(x)), axis=1)


ref_chunks = [float(c.mean()) for c in np.array_split(errors(xr), 10)]
n_cur_chunks = max(1, int(round(len(cur) / (len(ref) / 10))))
cur_chunks = [float(c.mean()) for c in np.array_split(errors(xc), n_cur_chunks)]
mean, std = float(np.mean(ref_chunks)), float(np.std(ref_chunks))
golden = {
    "n_components": int(pca.n_components_),
    "explained_variance_ratio": [float(v) for v in pca.explained_variance_ratio_],
    "reference_chunk_errors": ref_chunks,
    "current_chunk_errors": cur_chunks,
    "current_error": float(errors(xc).mean()),
    "lower_threshold": max(0.0, mean - 3 * std),
    "upper_threshold": mean + 3 * std,
}
with open("pca_golden.json", "w") as f:
    json.dump(golden, f, indent=2)
print(json.dumps(golden, indent=2))
