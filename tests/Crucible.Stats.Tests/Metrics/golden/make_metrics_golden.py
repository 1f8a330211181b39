#!/usr/bin/python3
"""Generate metrics_golden.json: reference values for Crucible.Stats.Metrics from scikit-learn.

Run with Debian's interpreter, which has scikit-learn installed:
    /usr/bin/python3 make_metrics_golden.py
Writes metrics_golden.json next to this script. NaN is written as null.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from sklearn import metrics as M
from sklearn.calibration import calibration_curve
from sklearn.preprocessing import LabelEncoder

warnings.filterwarnings("ignore")
rng = np.random.default_rng(20240505)


def clean(x):
    """Convert numpy values to JSON-safe Python values, NaN -> None."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if isinstance(x, np.ndarray):
        return clean(x.tolist())
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        return None if math.isnan(x) else x
    return x


def ece(y, p, n_bins=10):
    """Crucible's ECE definition: sum over equal-width bins of |acc - conf| * n_bin / n."""
    edges = np.linspace(0.0, 1.0, n_bins + 1)
    ids = np.searchsorted(edges[1:-1], p)
    total = 0.0
    for b in range(n_bins):
        m = ids == b
        if m.any():
            total += abs(y[m].mean() - p[m].mean()) * (m.sum() / len(y))
    return total


def curve(fn, *args, **kw):
    a, b, c = fn(*args, **kw)
    return [a, b, c]


def binary_case(name, y, p, w=None):
    y = np.asarray(y, dtype=np.int64)
    p = np.asarray(p, dtype=np.float64)
    pred = (p > 0.5).astype(np.int64)
    sw = None if w is None else np.asarray(w, dtype=np.float64)
    two = len(np.unique(y)) == 2
    exp = {
        "accuracy": M.accuracy_score(y, pred, sample_weight=sw),
        "balanced_accuracy": M.balanced_accuracy_score(y, pred, sample_weight=sw),
        "precision": M.precision_score(y, pred, sample_weight=sw, labels=[0, 1]),
        "recall": M.recall_score(y, pred, sample_weight=sw, labels=[0, 1]),
        "f1": M.f1_score(y, pred, sample_weight=sw, labels=[0, 1]),
        "precision_pos0": M.precision_score(y, pred, pos_label=0, sample_weight=sw, labels=[0, 1]),
        "recall_pos0": M.recall_score(y, pred, pos_label=0, sample_weight=sw, labels=[0, 1]),
        "f1_pos0": M.f1_score(y, pred, pos_label=0, sample_weight=sw, labels=[0, 1]),
        "roc_auc": M.roc_auc_score(y, p, sample_weight=sw) if two else None,
        "average_precision": M.average_precision_score(y, p, sample_weight=sw),
        "log_loss": M.log_loss(y, p, sample_weight=sw, labels=[0, 1]),
        "brier_score": M.brier_score_loss(y, p, sample_weight=sw),
        "matthews_corrcoef": M.matthews_corrcoef(y, pred, sample_weight=sw),
        "cohen_kappa": M.cohen_kappa_score(y, pred, sample_weight=sw),
    }
    case = {
        "name": name,
        "y_true": y,
        "y_score": p,
        "weights": sw,
        "expected": exp,
        "confusion_matrix": M.confusion_matrix(y, pred, labels=[0, 1], sample_weight=sw).astype(float),
        "roc_curve": curve(M.roc_curve, y, p, sample_weight=sw, pos_label=1),
        "roc_curve_all": curve(M.roc_curve, y, p, sample_weight=sw, pos_label=1, drop_intermediate=False),
        "pr_curve": curve(M.precision_recall_curve, y, p, sample_weight=sw, pos_label=1),
        "calibration": [],
        "ece10": ece(y, p, 10),
        "ece5": ece(y, p, 5),
    }
    for strategy in ("uniform", "quantile"):
        for bins in (5, 10):
            pt, pp = calibration_curve(y, p, n_bins=bins, strategy=strategy, pos_label=1)
            case["calibration"].append({"strategy": strategy, "n_bins": bins, "prob_true": pt, "prob_pred": pp})
    return case


def multiclass_case(name, y, proba, w=None):
    y = np.asarray(y, dtype=np.int64)
    proba = np.asarray(proba, dtype=np.float64)
    k = proba.shape[1]
    pred = np.argmax(proba, axis=1)
    sw = None if w is None else np.asarray(w, dtype=np.float64)
    labels = list(range(k))
    all_present = len(np.unique(y)) == k
    exp = {
        "accuracy": M.accuracy_score(y, pred, sample_weight=sw),
        "balanced_accuracy": M.balanced_accuracy_score(y, pred, sample_weight=sw),
    }
    for avg in ("macro", "micro", "weighted"):
        exp["precision_" + avg] = M.precision_score(y, pred, average=avg, sample_weight=sw)
        exp["recall_" + avg] = M.recall_score(y, pred, average=avg, sample_weight=sw)
        exp["f1_" + avg] = M.f1_score(y, pred, average=avg, sample_weight=sw)
    if all_present:
        exp["roc_auc_ovr"] = M.roc_auc_score(y, proba, multi_class="ovr", average="macro", sample_weight=sw)
        exp["roc_auc_ovr_weighted"] = M.roc_auc_score(y, proba, multi_class="ovr", average="weighted", sample_weight=sw)
        exp["roc_auc_ovr_micro"] = M.roc_auc_score(y, proba, multi_class="ovr", average="micro", sample_weight=sw)
        if sw is None:
            exp["roc_auc_ovo"] = M.roc_auc_score(y, proba, multi_class="ovo", average="macro")
            exp["roc_auc_ovo_weighted"] = M.roc_auc_score(y, proba, multi_class="ovo", average="weighted")
    exp["log_loss"] = M.log_loss(y, proba, sample_weight=sw, labels=labels)
    exp["matthews_corrcoef"] = M.matthews_corrcoef(y, pred, sample_weight=sw)
    exp["cohen_kappa"] = M.cohen_kappa_score(y, pred, sample_weight=sw)
    exp["top_k_accuracy"] = M.top_k_accuracy_score(y, proba, k=2, sample_weight=sw, labels=labels)
    exp["top_1_accuracy"] = M.top_k_accuracy_score(y, proba, k=1, sample_weight=sw, labels=labels)
    return {
        "name": name,
        "n_classes": k,
        "y_true": y,
        "proba": proba.ravel(),
        "weights": sw,
        "expected": exp,
        "confusion_matrix": M.confusion_matrix(y, pred, labels=labels, sample_weight=sw).astype(float),
    }


def label_case(name, y, pred, w=None):
    y = np.asarray(y, dtype=np.int64)
    pred = np.asarray(pred, dtype=np.int64)
    sw = None if w is None else np.asarray(w, dtype=np.float64)
    exp = {
        "accuracy": M.accuracy_score(y, pred, sample_weight=sw),
        "balanced_accuracy": M.balanced_accuracy_score(y, pred, sample_weight=sw),
        "matthews_corrcoef": M.matthews_corrcoef(y, pred, sample_weight=sw),
        "cohen_kappa": M.cohen_kappa_score(y, pred, sample_weight=sw),
        "cohen_kappa_linear": M.cohen_kappa_score(y, pred, weights="linear", sample_weight=sw),
        "cohen_kappa_quadratic": M.cohen_kappa_score(y, pred, weights="quadratic", sample_weight=sw),
    }
    for avg in ("macro", "micro", "weighted"):
        exp["precision_" + avg] = M.precision_score(y, pred, average=avg, sample_weight=sw)
        exp["recall_" + avg] = M.recall_score(y, pred, average=avg, sample_weight=sw)
        exp["f1_" + avg] = M.f1_score(y, pred, average=avg, sample_weight=sw)
    return {"name": name, "y_true": y, "y_pred": pred, "weights": sw, "expected": exp}


def regression_case(name, y, p, w=None):
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    sw = None if w is None else np.asarray(w, dtype=np.float64)
    exp = {
        "mean_absolute_error": M.mean_absolute_error(y, p, sample_weight=sw),
        "mean_squared_error": M.mean_squared_error(y, p, sample_weight=sw),
        "root_mean_squared_error": M.mean_squared_error(y, p, sample_weight=sw, squared=False),
        "r2": M.r2_score(y, p, sample_weight=sw),
        "explained_variance": M.explained_variance_score(y, p, sample_weight=sw),
        "mean_absolute_percentage_error": M.mean_absolute_percentage_error(y, p, sample_weight=sw),
        "median_absolute_error": M.median_absolute_error(y, p, sample_weight=sw),
        "max_error": M.max_error(y, p),
    }
    return {"name": name, "y_true": y, "y_pred": p, "weights": sw, "expected": exp}


def random_proba(n, k, decimals=None):
    raw = rng.dirichlet(np.ones(k), size=n)
    if decimals is None:
        return raw
    # Coarse rows (multiples of 1/10) create ties while still summing to 1.
    counts = np.floor(raw * 10).astype(int)
    for row in counts:
        row[np.argmax(row)] += 10 - row.sum()
    return counts / 10.0


def build():
    binary = []
    n = 20
    y = rng.integers(0, 2, n)
    binary.append(binary_case("basic", y, np.round(rng.random(n), 3)))
    y = rng.integers(0, 2, 40)
    binary.append(binary_case("heavy_ties", y, rng.choice([0.1, 0.4, 0.5, 0.8], 40)))
    y = rng.integers(0, 2, 30)
    w = rng.random(30) * 3
    w[[2, 7, 11]] = 0.0
    binary.append(binary_case("weighted_with_zeros", y, np.round(rng.random(30), 2), w))
    binary.append(binary_case("single_class_negative", [0] * 8, [0.1, 0.2, 0.2, 0.7, 0.4, 0.9, 0.05, 0.3]))
    binary.append(binary_case("single_class_positive", [1] * 6, [0.1, 0.6, 0.6, 0.7, 0.4, 0.9]))
    binary.append(binary_case("perfectly_separated", [0, 0, 0, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.6, 0.7, 0.8, 0.95]))
    binary.append(binary_case("all_same_scores", [0, 1, 1, 0, 1, 0, 0], [0.5] * 7))
    binary.append(binary_case("no_positive_predictions", [0, 1, 1, 0, 1, 0], [0.1, 0.3, 0.45, 0.2, 0.5, 0.05]))
    binary.append(binary_case("extreme_probabilities", [0, 1, 1, 0, 1, 0], [0.0, 1.0, 0.0, 1.0, 0.7, 0.2]))
    binary.append(binary_case(
        "edge_values", [0, 1, 0, 1, 1, 0, 1, 0, 1, 1], [0.0, 0.2, 0.2, 0.4, 0.6, 0.6, 0.8, 1.0, 0.1, 0.3]))
    y = rng.integers(0, 2, 600)
    p = np.clip(0.3 * y + rng.random(600) * 0.7, 0, 1)
    binary.append(binary_case("random_weighted_600", y, p, rng.random(600) * 2))
    y = rng.integers(0, 2, 300)
    binary.append(binary_case("random_rounded_300", y, np.round(np.clip(0.2 * y + rng.random(300) * 0.8, 0, 1), 2)))

    multiclass = []
    y = rng.integers(0, 3, 30)
    y[:3] = [0, 1, 2]
    multiclass.append(multiclass_case("three_class_basic", y, random_proba(30, 3)))
    y = rng.integers(0, 4, 40)
    y[:4] = [0, 1, 2, 3]
    multiclass.append(multiclass_case("four_class_ties", y, random_proba(40, 4, decimals=1)))
    y = rng.integers(0, 3, 50)
    y[:3] = [0, 1, 2]
    w = rng.random(50) * 2
    w[5] = 0.0
    multiclass.append(multiclass_case("three_class_weighted", y, random_proba(50, 3), w))
    y = rng.integers(0, 3, 25)
    multiclass.append(multiclass_case("four_class_missing_class", y, random_proba(25, 4)))
    y = np.array([0, 1, 2, 3, 0, 1, 2, 3])
    multiclass.append(multiclass_case("four_class_perfect", y, np.eye(4)[y] * 0.7 + 0.075))
    y = rng.integers(0, 4, 400)
    multiclass.append(multiclass_case("four_class_random_400", y, random_proba(400, 4)))

    labels = [
        label_case("gap_labels", [0, 2, 5, 5, 2, 0, 5, 2], [0, 5, 5, 2, 2, 0, 0, 2]),
        label_case("label_only_predicted", [0, 1, 1, 0, 1, 1], [0, 1, 2, 0, 3, 1]),
        label_case("label_never_predicted", [0, 1, 2, 2, 1, 0, 2], [0, 1, 1, 1, 1, 0, 0]),
        label_case("weighted_multiclass", rng.integers(0, 4, 60), rng.integers(0, 4, 60), rng.random(60)),
        label_case("single_label_everywhere", [1, 1, 1, 1], [1, 1, 1, 1]),
        label_case("binary_all_negative_predictions", [0, 1, 1, 0, 1], [0, 0, 0, 0, 0]),
        label_case("binary_weighted", [0, 1, 1, 0, 1, 0, 1], [0, 1, 0, 1, 1, 0, 1], [1.0, 2.0, 0.5, 0.0, 3.0, 1.5, 1.0]),
    ]

    regression = []
    y = rng.normal(10, 3, 25)
    regression.append(regression_case("basic", y, y + rng.normal(0, 1, 25)))
    y = rng.normal(0, 2, 30)
    w = rng.random(30)
    w[[1, 4]] = 0.0
    regression.append(regression_case("weighted_with_zeros", y, y + rng.normal(0, 1, 30), w))
    regression.append(regression_case("constant_truth_imperfect", [3.0] * 5, [3.0, 2.5, 3.5, 3.0, 4.0]))
    regression.append(regression_case("constant_truth_perfect", [3.0] * 4, [3.0] * 4))
    regression.append(regression_case("zeros_in_truth", [0.0, 1.0, -2.0, 0.0, 4.0], [0.5, 1.0, -1.0, 0.0, 3.0]))
    regression.append(regression_case("even_count_median", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [1.5, 2.0, 2.0, 5.0, 5.5, 9.0]))
    regression.append(regression_case(
        "weighted_median_ties", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [2.0, 3.0, 4.0, 4.5, 5.0, 6.0], [1.0, 1.0, 2.0, 0.5, 0.5, 1.0]))
    regression.append(regression_case(
        "weighted_median_exact_half", [0.0, 0.0, 0.0, 0.0], [1.0, 2.0, 3.0, 4.0], [1.0, 1.0, 1.0, 1.0]))
    regression.append(regression_case("single_row", [2.0], [3.5]))
    y = rng.normal(5, 5, 500)
    regression.append(regression_case("random_weighted_500", y, 0.8 * y + rng.normal(0, 2, 500), rng.random(500) * 4))

    enc_input = ["b", "a", "B", "c", "a", "Zeta", "b"]
    enc = LabelEncoder().fit(enc_input)
    encoder = {"input": enc_input, "classes": list(enc.classes_), "encoded": enc.transform(enc_input)}

    return {
        "generator": "make_metrics_golden.py",
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "python_version": sys.version.split()[0],
        "binary": binary,
        "multiclass": multiclass,
        "labels": labels,
        "regression": regression,
        "label_encoder": encoder,
    }


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics_golden.json")
    data = clean(build())
    with open(out, "w", encoding="utf-8") as f:
        json.dump(data, f, allow_nan=False, separators=(",", ":"))
        f.write("\n")
    print("wrote", out)


if __name__ == "__main__":
    main()
