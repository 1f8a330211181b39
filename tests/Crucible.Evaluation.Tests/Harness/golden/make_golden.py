"""Writes the evaluation golden cases: predictions files plus the metrics scikit-learn computes on them.

Run with Debian's interpreter (it has python3-sklearn): /usr/bin/python3 make_golden.py
Reference values for slices and fairness come from sklearn's metric functions applied to the slice's rows, and from
the fairlearn definitions written out below (max - min and min / max of per-group rates, worst case over TPR and FPR).
NaN is written as the string "NaN" so the file stays strict JSON.
"""
import csv
import json
import math

import numpy as np
from sklearn import metrics as m

MIN_SLICE = 5


def clean(value):
    value = float(value)
    return "NaN" if math.isnan(value) else value


def binary_metrics(y, score, w):
    pred = (score > 0.5).astype(int)
    out = {
        "accuracy": m.accuracy_score(y, pred, sample_weight=w),
        "balanced_accuracy": m.balanced_accuracy_score(y, pred, sample_weight=w),
        "precision": m.precision_score(y, pred, sample_weight=w, zero_division=0),
        "recall": m.recall_score(y, pred, sample_weight=w, zero_division=0),
        "f1": m.f1_score(y, pred, sample_weight=w, zero_division=0),
    }
    if len(np.unique(y)) == 2:
        out["roc_auc"] = m.roc_auc_score(y, score, sample_weight=w)
    out["average_precision"] = m.average_precision_score(y, score, sample_weight=w) if y.sum() > 0 else 0.0
    out["log_loss"] = m.log_loss(y, score, sample_weight=w, labels=[0, 1])
    out["brier_score"] = m.brier_score_loss(y, score, sample_weight=w, pos_label=1)
    out["matthews_corrcoef"] = m.matthews_corrcoef(y, pred, sample_weight=w)
    out["cohen_kappa"] = m.cohen_kappa_score(y, pred, sample_weight=w)
    return {k: clean(v) for k, v in out.items()}


def multiclass_metrics(y, proba):
    pred = proba.argmax(axis=1)
    labels = list(range(proba.shape[1]))
    out = {
        "accuracy": m.accuracy_score(y, pred),
        "balanced_accuracy": m.balanced_accuracy_score(y, pred),
    }
    for avg in ("macro", "micro", "weighted"):
        out[f"precision_{avg}"] = m.precision_score(y, pred, average=avg, labels=labels, zero_division=0)
        out[f"recall_{avg}"] = m.recall_score(y, pred, average=avg, labels=labels, zero_division=0)
        out[f"f1_{avg}"] = m.f1_score(y, pred, average=avg, labels=labels, zero_division=0)
    if len(np.unique(y)) == proba.shape[1]:
        out["roc_auc_ovr"] = m.roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=labels)
        out["roc_auc_ovr_weighted"] = m.roc_auc_score(y, proba, multi_class="ovr", average="weighted", labels=labels)
        out["roc_auc_ovo"] = m.roc_auc_score(y, proba, multi_class="ovo", average="macro", labels=labels)
        out["roc_auc_ovo_weighted"] = m.roc_auc_score(y, proba, multi_class="ovo", average="weighted", labels=labels)
    out["log_loss"] = m.log_loss(y, proba, labels=labels)
    out["top_k_accuracy"] = m.top_k_accuracy_score(y, proba, k=2, labels=labels)
    out["matthews_corrcoef"] = m.matthews_corrcoef(y, pred)
    out["cohen_kappa"] = m.cohen_kappa_score(y, pred)
    return {k: clean(v) for k, v in out.items()}


def regression_metrics(y, p, w):
    out = {
        "mean_absolute_error": m.mean_absolute_error(y, p, sample_weight=w),
        "mean_squared_error": m.mean_squared_error(y, p, sample_weight=w),
        "root_mean_squared_error": m.mean_squared_error(y, p, sample_weight=w, squared=False),
        "r2": m.r2_score(y, p, sample_weight=w),
        "explained_variance": m.explained_variance_score(y, p, sample_weight=w),
        "mean_absolute_percentage_error": m.mean_absolute_percentage_error(y, p, sample_weight=w),
        "median_absolute_error": m.median_absolute_error(y, p, sample_weight=w),
        "max_error": m.max_error(y, p),
    }
    return {k: clean(v) for k, v in out.items()}


def slices(groups, compute):
    result = []
    for value, idx in groups:
        entry = {"value": value, "count": int(len(idx)), "skipped": bool(len(idx) < MIN_SLICE or len(idx) == 0)}
        if not entry["skipped"]:
            entry["metrics"] = compute(idx)
        result.append(entry)
    return result


def categorical(values):
    return [(v, np.array([i for i, x in enumerate(values) if x == v])) for v in sorted(set(values))]


def write_csv(name, header, rows):
    with open(name, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def fairness(y, pred, w, groups):
    measured = [(g, idx) for g, idx in groups if len(idx) >= MIN_SLICE]
    rates = {}
    for g, idx in measured:
        cm = m.confusion_matrix(y[idx], pred[idx], labels=[0, 1], sample_weight=w[idx])
        tn, fp, fn, tp = cm.ravel()
        rates[g] = {
            "selection_rate": float(np.average(pred[idx], weights=w[idx])),
            "true_positive_rate": float(tp / (tp + fn)) if tp + fn > 0 else 0.0,
            "false_positive_rate": float(fp / (fp + tn)) if fp + tn > 0 else 0.0,
        }
    sel = [r["selection_rate"] for r in rates.values()]
    tpr = [r["true_positive_rate"] for r in rates.values()]
    fpr = [r["false_positive_rate"] for r in rates.values()]
    reference = max(measured, key=lambda p: len(p[1]))[0]
    verdicts = {}
    for g in rates:
        d = rates[g]["selection_rate"] / rates[reference]["selection_rate"]
        verdicts[g] = {"disparity": d, "fair": bool(0.8 <= d <= 1.25)}
    return {
        "reference_group": reference,
        "metrics": {
            "demographic_parity_difference": max(sel) - min(sel),
            "demographic_parity_ratio": min(sel) / max(sel),
            "equalized_odds_difference": max(max(tpr) - min(tpr), max(fpr) - min(fpr)),
            "equalized_odds_ratio": min(min(tpr) / max(tpr), min(fpr) / max(fpr)),
            "equal_opportunity_difference": max(tpr) - min(tpr),
            "equal_opportunity_ratio": min(tpr) / max(tpr),
        },
        "groups": {g: {**rates[g], **verdicts[g]} for g in rates},
        "skipped_groups": [g for g, idx in groups if len(idx) < MIN_SLICE],
    }


def curves(y, score, w):
    from sklearn.calibration import calibration_curve
    fpr, tpr, _ = m.roc_curve(y, score, sample_weight=w)
    precision, recall, _ = m.precision_recall_curve(y, score, sample_weight=w)
    frac, mean = calibration_curve(y, score, n_bins=10)
    counts = np.bincount(np.searchsorted(np.linspace(0, 1, 11)[1:-1], score), minlength=10)
    counts = counts[counts > 0]
    pred = (score > 0.5).astype(int)
    return {
        "roc_fpr": fpr.tolist(), "roc_tpr": tpr.tolist(),
        "pr_precision": precision.tolist(), "pr_recall": recall.tolist(),
        "calibration_mean_predicted": mean.tolist(), "calibration_fraction_positive": frac.tolist(),
        # ECE as defined in Crucible.Stats: sum over non-empty uniform bins of |fraction - mean| * count / n.
        "expected_calibration_error": float(np.sum(np.abs(frac - mean) * counts) / len(y)),
        "confusion_matrix": m.confusion_matrix(y, pred, labels=[0, 1], sample_weight=w).tolist(),
    }


def binary_case(golden):
    rng = np.random.RandomState(5)
    n = 120
    y = rng.binomial(1, 0.45, n)
    # Scores rounded to 0.05 so many rows tie.
    score = np.clip(np.round((0.35 * y + rng.uniform(0, 0.65, n)) * 20) / 20, 0, 1)
    w = np.round(rng.uniform(0.5, 2.0, n), 2)
    region = np.array(rng.choice(["north", "south", "east"], n, p=[0.5, 0.4, 0.1]), dtype=object)
    # A single-class slice: every 'west' row is positive; a zero-division slice: 'zone9' rows all predicted 0.
    west = rng.choice(n, 8, replace=False)
    region[west] = "west"
    y[west] = 1
    zone = [i for i in range(n) if region[i] != "west"][:6]
    for i in zone:
        region[i] = "zone9"
        score[i] = 0.1
    age = rng.randint(18, 80, n)
    sex = np.array(rng.choice(["F", "M"], n, p=[0.45, 0.55]), dtype=object)
    sex[:3] = "X"
    pred = (score > 0.5).astype(int)
    write_csv("binary_weighted.csv", ["label", "score", "weight", "region", "age", "sex"],
              [[int(y[i]), repr(float(score[i])), repr(float(w[i])), region[i], int(age[i]), sex[i]] for i in range(n)])
    edges = [30.0, 50.0, 90.0]
    bins = [(-math.inf, 30.0), (30.0, 50.0), (50.0, 90.0), (90.0, math.inf)]
    age_groups = [(f"{lo},{hi}", np.array([i for i in range(n) if lo <= age[i] < hi])) for lo, hi in bins]
    golden["binary_weighted"] = {
        "file": "binary_weighted.csv",
        "min_slice_size": MIN_SLICE,
        "age_edges": edges,
        "overall": binary_metrics(y, score, w),
        "slices": {
            "region": slices(categorical(list(region)), lambda idx: binary_metrics(y[idx], score[idx], w[idx])),
            "age": slices(age_groups, lambda idx: binary_metrics(y[idx], score[idx], w[idx])),
        },
        "fairness": fairness(y, pred, w, categorical(list(sex))),
        "curves": curves(y, score, w),
    }


def multiclass_case(golden):
    rng = np.random.RandomState(8)
    n = 90
    classes = ["bird", "cat", "dog"]
    y = rng.randint(0, 3, n)
    logits = rng.normal(0, 1, (n, 3))
    logits[np.arange(n), y] += 1.0
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    proba = np.round(proba, 3)
    proba[:, 2] = 1.0 - proba[:, 0] - proba[:, 1]
    site = rng.choice(["lab", "field"], n)
    rows = [[classes[y[i]], *(repr(float(p)) for p in proba[i]), site[i]] for i in range(n)]
    write_csv("multiclass.csv", ["species", "p_bird", "p_cat", "p_dog", "site"], rows)
    # Parse back what the file holds so the reference sees exactly the C# input.
    proba = np.array([[float(v) for v in r[1:4]] for r in rows])
    golden["multiclass"] = {
        "file": "multiclass.csv",
        "classes": classes,
        "overall": multiclass_metrics(y, proba),
        "slices": {"site": slices(categorical(list(site)), lambda idx: multiclass_metrics(y[idx], proba[idx]))},
    }


def regression_case(golden):
    rng = np.random.RandomState(13)
    n = 60
    y = np.round(rng.normal(10, 3, n), 3)
    p = np.round(y + rng.normal(0, 1.5, n), 3)
    w = np.round(rng.uniform(0.2, 3.0, n), 2)
    segment = rng.choice(["a", "b", "c"], n, p=[0.5, 0.45, 0.05])
    with open("regression.jsonl", "w") as f:
        for i in range(n):
            f.write(json.dumps({"target": float(y[i]), "prediction": float(p[i]), "w": float(w[i]), "segment": segment[i]}) + "\n")
    golden["regression"] = {
        "file": "regression.jsonl",
        "overall": regression_metrics(y, p, w),
        "slices": {"segment": slices(categorical(list(segment)), lambda idx: regression_metrics(y[idx], p[idx], w[idx]))},
    }


def main():
    golden = {}
    binary_case(golden)
    multiclass_case(golden)
    regression_case(golden)
    with open("expected.json", "w") as f:
        json.dump(golden, f, indent=1, sort_keys=True, allow_nan=False, default=float)
        f.write("\n")


if __name__ == "__main__":
    main()
