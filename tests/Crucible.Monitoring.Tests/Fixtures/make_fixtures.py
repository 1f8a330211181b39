# Writes reference.csv and current_shifted.csv (seeded; run: python3 make_fixtures.py).
# current_shifted: age +8 years, plan mix moved toward "premium", churn 20% -> 35%; income and note unchanged.
import csv
import random

def write(path, rows, age_shift, premium_share, churn, seed):
    rng = random.Random(seed)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["age", "income", "plan", "churned", "note"])
        for i in range(rows):
            age = round(rng.gauss(40 + age_shift, 10), 1)
            income = round(rng.lognormvariate(10, 0.4), 2)
            plan = "premium" if rng.random() < premium_share else rng.choice(["basic", "standard"])
            churned = 1 if rng.random() < churn else 0
            note = "" if rng.random() < 0.7 else rng.choice(["called, twice", 'said "later"', "none"])
            w.writerow([age, income, plan, churned, note])

write("reference.csv", 300, 0, 0.2, 0.2, 42)
write("current_shifted.csv", 250, 8, 0.5, 0.35, 7)
