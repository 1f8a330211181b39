#!/usr/bin/python3
"""Writes drift_golden.json next to this script.

Reference values come from SciPy (Debian 12's python3-scipy) and from the Evidently drift
rules re-stated here in a few lines of numpy (binning, zero fill, normalisation), so the C#
tests can compare statistics and p-values to 1e-6.

Inputs are not stored as arrays: each sample is described by a generator spec that the C#
tests replay bit for bit (splitmix64 integers, one exact division at the end).

Run with: /usr/bin/python3 make_drift_golden.py
"""
import json
import os

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

MASK = (1 << 64) - 1


def splitmix(seed):
    state = seed & MASK
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def generate(spec):
    """Replayable sample. kinds: irwin (sum of 4 uniforms ~ bell), int (few distinct values), values."""
    kind = spec["kind"]
    if kind == "values":
        return list(spec["values"])
    g = splitmix(spec["seed"])
    out = []
    for _ in range(spec["n"]):
        if kind == "irwin":
            t = sum(next(g) % 1_000_000 for _ in range(4)) - 2_000_000
            out.append((t * spec["scale"] + spec["shift"]) / spec["div"])
        elif kind == "int":
            out.append((next(g) % spec["range"] + spec["shift"]) / spec["div"])
        else:
            raise ValueError(kind)
    return out


def irwin(seed, n, shift=0, scale=1, div=1_000_000):
    return {"kind": "irwin", "seed": seed, "n": n, "shift": shift, "scale": scale, "div": div}


def ints(seed, n, rng, shift=0, div=1):
    return {"kind": "int", "seed": seed, "n": n, "range": rng, "shift": shift, "div": div}


def values(v):
    return {"kind": "values", "values": v}


# ---- Evidently rules, restated ----------------------------------------------------------

def category_keys(ref, cur):
    return sorted(set(ref) | set(cur), key=lambda v: (str(type(v)), v))


def category_percents(ref, cur):
    keys = category_keys(ref, cur)
    rc = {k: 0 for k in keys}
    cc = {k: 0 for k in keys}
    for v in ref:
        rc[v] += 1
    for v in cur:
        cc[v] += 1
    return (np.array([rc[k] / len(ref) for k in keys]), np.array([cc[k] / len(cur) for k in keys]))


def binned(ref, cur, numerical, fill_zeroes):
    if numerical and len(set(ref)) > 20:
        bins = np.histogram_bin_edges(np.array(ref + cur, dtype=float), bins="sturges")
        rp = np.histogram(np.array(ref, dtype=float), bins)[0] / len(ref)
        cp = np.histogram(np.array(cur, dtype=float), bins)[0] / len(cur)
    else:
        rp, cp = category_percents(ref, cur)
    if fill_zeroes:
        for arr in (rp, cp):
            m = min(arr[arr != 0])
            np.place(arr, arr == 0, m / 10**6 if m <= 0.0001 else 0.0001)
    return rp, cp


def chisquare_evidently(ref, cur):
    keys = category_keys(ref, cur)
    rc = {k: 0 for k in keys}
    cc = {k: 0 for k in keys}
    for v in ref:
        rc[v] += 1
    for v in cur:
        cc[v] += 1
    k_norm = len(cur) / len(ref)
    f_exp = [rc[k] * k_norm for k in keys]
    f_obs = [cc[k] for k in keys]
    r = stats.chisquare(f_obs, f_exp)
    return float(r.statistic), float(r.pvalue)


def z_evidently(ref, cur):
    if len(set(ref)) == 1 and len(set(cur)) == 1 and ref[0] == cur[0]:
        return 0.0, 1.0
    first = category_keys(ref, cur)[0]
    a = np.array([0 if x == first else 1 for x in ref], dtype=float)
    b = np.array([0 if x == first else 1 for x in cur], dtype=float)
    n1, n2 = len(a), len(b)
    p1, p2 = a.sum() / n1, b.sum() / n2
    p = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(p * (1 - p) * (1.0 / n1 + 1.0 / n2))
    return float(z), float(2 * stats.norm.sf(abs(z)))


def wasserstein_evidently(ref, cur, normed):
    wd = stats.wasserstein_distance(ref, cur)
    if normed:
        wd = wd / max(np.std(ref), 0.001)
    return float(wd), None


def js_evidently(ref, cur, numerical, base):
    rp, cp = binned(ref, cur, numerical, False)
    return float(distance.jensenshannon(rp, cp, base)), None


def psi_evidently(ref, cur, numerical):
    rp, cp = binned(ref, cur, numerical, True)
    return float(np.sum((rp - cp) * np.log(rp / cp))), None


def hellinger_evidently(ref, cur, numerical):
    keys = list(set(ref) | set(cur))
    if not numerical:
        rp, cp = category_percents(ref, cur)
        h = float(np.sum(np.sqrt(rp * cp)))
    else:
        bins = np.histogram_bin_edges(np.array(keys, dtype=float), bins="sturges")
        h1 = np.histogram(np.array(ref, dtype=float), bins=bins, density=True)[0]
        h2 = np.histogram(np.array(cur, dtype=float), bins=bins, density=True)[0]
        width = (max(bins) - min(bins)) / (len(bins) - 1)
        h = float(sum(np.sqrt(p1 * p2) * width for p1, p2 in zip(h1, h2)))
    return float(np.sqrt(1 - np.clip(h, 0, 1))), None


def linf(ref, cur, numerical):
    rp, cp = binned(ref, cur, numerical, False)
    return float(np.max(np.abs(rp - cp))), None


def run(test, ref, cur, opts):
    numerical = opts.get("numerical", True)
    if test == "ks":
        r = stats.ks_2samp(ref, cur, method="auto")
        return float(r.statistic), float(r.pvalue)
    if test == "chisquare":
        return chisquare_evidently(ref, cur)
    if test == "z":
        return z_evidently(ref, cur)
    if test == "wasserstein":
        return wasserstein_evidently(ref, cur, opts.get("normed", True))
    if test == "jensenshannon":
        return js_evidently(ref, cur, numerical, opts.get("base"))
    if test == "psi":
        return psi_evidently(ref, cur, numerical)
    if test == "hellinger":
        return hellinger_evidently(ref, cur, numerical)
    if test == "linf":
        return linf(ref, cur, numerical)
    raise ValueError(test)


def drift_cases():
    c = []

    def add(name, test, ref, cur, **opts):
        c.append({"name": name, "test": test, "reference": ref, "current": cur, "options": opts})

    # KS: small, ties, identical, disjoint, different sizes, exact and asymptotic.
    add("ks_small", "ks", irwin(1, 8), irwin(2, 10, shift=300_000))
    add("ks_tiny_equal", "ks", values([0.1, 0.5, 0.9]), values([0.2, 0.6, 1.0]))
    add("ks_ties", "ks", ints(3, 40, 5), ints(4, 55, 5, shift=1))
    add("ks_identical", "ks", irwin(5, 200), irwin(5, 200))
    add("ks_disjoint_equal", "ks", irwin(6, 30), irwin(7, 30, shift=10_000_000))
    add("ks_disjoint_sizes", "ks", irwin(8, 25), irwin(9, 40, shift=10_000_000))
    add("ks_equal_500", "ks", irwin(10, 500), irwin(11, 500, shift=50_000))
    add("ks_sizes_1000_3000", "ks", irwin(12, 1000), irwin(13, 3000, shift=30_000))
    add("ks_exact_10000", "ks", irwin(14, 10_000), irwin(15, 9_000, shift=10_000))
    add("ks_asymp_12000_15000", "ks", irwin(16, 12_000), irwin(17, 15_000, shift=15_000))
    add("ks_asymp_unbalanced", "ks", irwin(18, 20_000), irwin(19, 60, shift=100_000))
    add("ks_asymp_large", "ks", irwin(20, 60_000), irwin(21, 80_000, shift=6_000))
    add("ks_asymp_ties", "ks", ints(22, 15_000, 50), ints(23, 11_000, 50))
    # chi-square (Evidently: expected = reference share × current total).
    add("chisquare_small", "chisquare", ints(30, 50, 4), ints(31, 70, 4))
    add("chisquare_shift", "chisquare", ints(32, 800, 6), ints(33, 500, 6, shift=1))
    add("chisquare_identical", "chisquare", ints(34, 300, 3), ints(34, 300, 3))
    add("chisquare_strings", "chisquare", values(["a", "b", "b", "c", "a", "a", "c", "b", "a"]),
        values(["a", "a", "b", "c", "c", "c", "a"]))
    # z-test for binary columns.
    add("z_binary", "z", ints(40, 300, 2), ints(41, 250, 2))
    add("z_shifted", "z", ints(42, 900, 2), values([0.0] * 300 + [1.0] * 100))
    add("z_same_constant", "z", values([1.0] * 10), values([1.0] * 7))
    add("z_strings", "z", values(["yes", "no", "no", "yes", "yes"]), values(["no", "no", "no", "yes"]))
    # Wasserstein (normed as Evidently, and raw as scipy).
    add("wasserstein_normed", "wasserstein", irwin(50, 2000), irwin(51, 1500, shift=80_000))
    add("wasserstein_raw", "wasserstein", irwin(52, 300, scale=3), irwin(53, 200, shift=-40_000), normed=False)
    add("wasserstein_identical", "wasserstein", irwin(54, 100), irwin(54, 100))
    add("wasserstein_ties", "wasserstein", ints(55, 100, 7), ints(56, 130, 7, shift=2), normed=False)
    add("wasserstein_constant_ref", "wasserstein", values([2.0] * 5), values([2.0, 2.5, 3.0]))
    # Jensen-Shannon distance with Evidently's binning.
    add("js_numeric", "jensenshannon", irwin(60, 3000), irwin(61, 2500, shift=100_000))
    add("js_numeric_base2", "jensenshannon", irwin(62, 1200), irwin(63, 1300, shift=50_000), base=2.0)
    add("js_few_values", "jensenshannon", ints(64, 500, 6), ints(65, 400, 6, shift=1))
    add("js_categorical", "jensenshannon", ints(66, 600, 12), ints(67, 450, 10), numerical=False)
    add("js_disjoint", "jensenshannon", ints(68, 50, 3), ints(69, 50, 3, shift=10))
    # PSI with the small-value replacement.
    add("psi_numeric", "psi", irwin(70, 5000), irwin(71, 4000, shift=60_000))
    add("psi_few_values", "psi", ints(72, 1000, 8), ints(73, 1200, 9))
    add("psi_categorical_missing", "psi", ints(74, 200, 5), ints(75, 300, 7), numerical=False)
    add("psi_tiny_share", "psi", ints(76, 20_000, 40), ints(77, 10, 3), numerical=False)
    # Hellinger (Evidently: categorical direct, numerical sturges bins over unique values).
    add("hellinger_categorical", "hellinger", ints(80, 400, 6), ints(81, 300, 8), numerical=False)
    add("hellinger_numeric", "hellinger", irwin(82, 800), irwin(83, 600, shift=70_000))
    # L-infinity between category distributions.
    add("linf_categorical", "linf", ints(90, 400, 6), ints(91, 300, 8), numerical=False)
    add("linf_numeric", "linf", irwin(92, 800), irwin(93, 600, shift=70_000))

    for case in c:
        ref, cur = generate(case["reference"]), generate(case["current"])
        stat, p = run(case["test"], ref, cur, case["options"])
        case["statistic"] = stat
        case["pvalue"] = p
    return c


def distribution_cases():
    out = {"norm_sf": [], "norm_cdf": [], "erfc": [], "chi2_sf": [], "kolmogorov_sf": [], "kstwo_sf": [],
           "smirnov_sf": []}
    for x in [-8, -3, -1.5, -0.3, 0, 0.2, 1, 1.96, 2.5, 4, 6, 9, 12, 20, 30]:
        out["norm_sf"].append([x, float(stats.norm.sf(x))])
        out["norm_cdf"].append([x, float(stats.norm.cdf(x))])
    for x in [-2, -0.5, 0, 0.1, 0.7, 1.5, 2.4, 2.6, 3.5, 5, 10, 25]:
        out["erfc"].append([x, float(special.erfc(x))])
    for df in [1, 2, 3, 7, 10, 30, 100, 1000]:
        for x in [0.01, 0.5, 1, 3, 7.5, 15, 40, 120, 900, 1200]:
            out["chi2_sf"].append([x, df, float(stats.chi2.sf(x, df))])
    for x in [0.05, 0.3, 0.6, 0.8, 0.85, 1.0, 1.36, 2.0, 3.0, 5.0]:
        out["kolmogorov_sf"].append([x, float(special.kolmogorov(x))])
    for n in [1, 3, 5, 10, 50, 100, 140, 141, 300, 1000, 5000, 20_000, 100_000, 300_000]:
        for z in [0.3, 0.5, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0, 3.0]:
            x = z / np.sqrt(n)
            out["kstwo_sf"].append([n, float(x), float(stats.kstwo.sf(x, n))])
        for x in [0.5, 0.6, 0.9]:
            out["kstwo_sf"].append([n, x, float(stats.kstwo.sf(x, n))])
    for n in [1, 5, 20, 100, 1000, 10000]:
        for x in [0.01, 0.05, 0.1, 0.3, 0.7]:
            out["smirnov_sf"].append([n, x, float(special.smirnov(n, x))])
    return out


def finite_or_text(value):
    """JSON has no Infinity/NaN literals: write them as the strings "inf", "-inf", "nan"."""
    if isinstance(value, float) and not np.isfinite(value):
        return "nan" if np.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, dict):
        return {k: finite_or_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite_or_text(v) for v in value]
    return value


def main():
    doc = {
        "generator": "make_drift_golden.py",
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "distributions": distribution_cases(),
        "drift": drift_cases(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drift_golden.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(finite_or_text(doc), f, indent=1, allow_nan=False)
        f.write("\n")


if __name__ == "__main__":
    main()
