#!/usr/bin/python3
"""Generates the data-quality fixtures with planted problems and their clean twins.

Run from this folder: /usr/bin/python3 generate_fixtures.py (seeded: the output is the same every time).
Standard library only. What is planted where is listed in README.md next to this script.
"""
import csv
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
FIRST = ["Alice", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kira", "Liam",
         "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wei", "Yara", "Zoe"]
LAST = ["Smith", "Garcia", "Muller", "Rossi", "Dubois", "Tanaka", "Kowalski", "Nguyen", "O'Brien", "Silva",
        "Jensen", "Novak", "Haddad", "Ivanova", "Lopez", "Schmidt", "Brown", "Moreau", "Khan", "Larsen"]
CITIES = ["Berlin", "Lisbon", "Osaka", "Toronto", "Nairobi", "Lima", "Oslo", "Austin", "Seoul", "Porto"]
SEGMENTS = ["retail", "online", "partner", "wholesale"]


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)


def luhn_digit(partial):
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card(rng):
    prefix, length = rng.choice([("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16)])
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    number = body + luhn_digit(body)
    style = rng.randrange(3)
    if style == 0 or length == 15:
        return number
    sep = " " if style == 1 else "-"
    return sep.join(number[i:i + 4] for i in range(0, len(number), 4))


def luhn_fail(rng):
    number = card(rng).replace(" ", "").replace("-", "")
    return number[:-1] + str((int(number[-1]) + rng.randrange(1, 10)) % 10)


def mod97(s):
    r = 0
    for ch in s:
        r = (r * 10 + int(ch)) % 97 if ch.isdigit() else (r * 100 + ord(ch) - 55) % 97
    return r


def iban(rng, valid=True):
    country, parts = rng.choice([("DE", [("d", 18)]), ("GB", [("A", 4), ("d", 14)]), ("NL", [("A", 4), ("d", 10)]),
                                 ("FR", [("d", 10), ("X", 11), ("d", 2)])])
    pools = {"d": "0123456789", "A": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "X": "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}
    bban = "".join("".join(rng.choice(pools[k]) for _ in range(n)) for k, n in parts)
    check = 98 - mod97(bban + country + "00")
    if not valid:
        check = check % 97 + 1 if check % 97 + 1 != check else check + 1
    text = f"{country}{check:02d}{bban}"
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4)) if rng.random() < 0.5 else text


def ssn(rng, area=None):
    a = area if area is not None else rng.choice([x for x in range(1, 900) if x != 666])
    return f"{a:03d}-{rng.randrange(1, 100):02d}-{rng.randrange(1, 10000):04d}"


def phone(rng):
    style = rng.randrange(4)
    area, exch, line = rng.randrange(201, 990), rng.randrange(200, 1000), rng.randrange(0, 10000)
    if style == 0:
        return f"({area}) {exch}-{line:04d}"
    if style == 1:
        return f"{area}-{exch}-{line:04d}"
    if style == 2:
        return f"+1 {area} {exch} {line:04d}"
    return f"+44 20 {rng.randrange(7000, 8000)} {rng.randrange(1000, 10000)}"


def ipv4(rng):
    return ".".join(str(x) for x in [rng.randrange(1, 224), rng.randrange(256), rng.randrange(256), rng.randrange(1, 255)])


def ipv6(rng):
    groups = [f"{rng.randrange(65536):x}" for _ in range(8)]
    if rng.random() < 0.5:
        return "2001:db8::" + groups[0]
    return ":".join(groups)


def person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def email(rng):
    return f"{rng.choice(FIRST).lower()}.{rng.choice(LAST).lower().replace(chr(39), '')}{rng.randrange(100)}@example-mail.com"


def pii_fixtures():
    rng = random.Random(20261122)
    header = ["customer_name", "email", "phone", "card_number", "iban", "ssn", "ip", "card_like", "iban_bad", "ssn_bad",
              "contact_note", "city", "amount", "order_date"]
    rows = []
    for i in range(200):
        rows.append([
            person(rng), email(rng), phone(rng), card(rng), iban(rng), ssn(rng),
            ipv4(rng) if i % 3 else ipv6(rng),
            luhn_fail(rng),                               # 16-digit-ish numbers that fail Luhn: not cards
            iban(rng, valid=False),                        # IBAN shapes with wrong check digits: not IBANs
            ssn(rng, area=rng.choice([0, 666, 900 + rng.randrange(100)])),  # invalid areas: not SSNs
            email(rng) if i % 10 < 3 else f"called about order {i}",        # 30% emails: under the threshold
            rng.choice(CITIES), f"{rng.uniform(5, 500):.2f}", f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        ])
    write_csv("pii.csv", header, rows)

    rng = random.Random(7)
    header = ["product_name", "sku", "order_number", "zip", "version", "city", "amount", "quantity", "order_date", "note"]
    rows = []
    for i in range(200):
        rows.append([
            rng.choice(["Blue Widget", "Red Gadget", "Steel Bolt", "Oak Table"]),
            f"SKU-{rng.randrange(1000, 9999)}-{rng.choice('ABCXYZ')}",
            str(rng.randrange(10**15, 10**16)) if i % 2 else luhn_fail(rng).replace(" ", ""),  # long numbers, no issuer/Luhn luck
            f"{rng.randrange(0, 100000):05d}",
            f"{rng.randrange(1, 9)}.{rng.randrange(0, 20)}.{rng.randrange(0, 50)}",
            rng.choice(CITIES), f"{rng.uniform(5, 500):.2f}", str(rng.randrange(1, 20)),
            f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z",
            rng.choice(["gift wrap please", "leave at door", "fragile", "call before delivery"]),
        ])
    # Long digit runs can pass Luhn with a known prefix by chance; keep the twin free of them.
    for r in rows:
        digits = r[2]
        while is_card(digits):
            digits = str(int(digits) + 1)
        r[2] = digits
    write_csv("pii_clean.csv", header, rows)


def is_card(d):
    return d.isdigit() and 13 <= len(d) <= 19 and luhn_digit(d[:-1]) == d[-1] and (
        d[0] == "4" or d[:2] in {"34", "37", "36", "38", "39", "62", "65"} or 51 <= int(d[:2]) <= 55
        or 2221 <= int(d[:4]) <= 2720 or d[:4] in {"6011", "5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"}
        or 644 <= int(d[:3]) <= 649 or 300 <= int(d[:3]) <= 305 or 3528 <= int(d[:4]) <= 3589 or 2200 <= int(d[:4]) <= 2204)


def sample_row(rng, positive_share=0.5):
    while True:
        x1, x2 = rng.gauss(0, 1), rng.gauss(0, 1)
        if abs(x1 + x2) >= 0.8:          # a margin so that neighbours agree away from the boundary
            break
    label = "pos" if x1 + x2 > 0 else "neg"
    if (label == "pos") != (rng.random() < positive_share) and positive_share != 0.5:
        return None
    return [f"{x1:.4f}", f"{x2:.4f}", f"{rng.gauss(50, 10):.3f}", str(rng.randrange(18, 80)), rng.choice(SEGMENTS),
            f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}", label]


def rows_of(rng, n, positive_share=0.5):
    rows = []
    while len(rows) < n:
        r = sample_row(rng, positive_share)
        if r is not None:
            rows.append(r)
    return rows


def check_fixtures():
    header = ["x1", "x2", "x3", "age", "segment", "signup_date", "label"]
    reference = rows_of(random.Random(1), 600)
    clean = rows_of(random.Random(2), 600)
    write_csv("train_reference.csv", header, reference)
    write_csv("clean.csv", header, clean)
    write_csv("imbalanced.csv", header, rows_of(random.Random(3), 400, positive_share=0.04))

    rng = random.Random(4)
    base = rows_of(rng, 540)
    dirty = []
    for r in base:
        leak = f"{(1.0 if r[6] == 'pos' else 0.0) + rng.gauss(0, 0.05):.4f}"     # label leakage
        dirty.append((r + [leak, "web"], set()))                                 # constant column
    for i in rng.sample(range(len(dirty)), 20):                                  # label flips (poisoning)
        dirty[i][0][6] = "neg" if dirty[i][0][6] == "pos" else "pos"
        dirty[i][1].add("flip")
    for i in rng.sample(range(len(dirty)), 18):                                  # a cluster of outliers
        dirty[i][0][2] = f"{rng.uniform(900, 1000):.3f}"
        dirty[i][1].add("outlier")
    for i in rng.sample(range(len(dirty)), 12):                                  # mixed types
        dirty[i][0][3] = "unknown"
    for i in rng.sample(range(len(dirty)), 70):                                  # missing values
        dirty[i][0][4] = ""
    for i in rng.sample(range(len(dirty)), 6):                                   # a new category
        dirty[i][0][4] = "kiosk"
    extra = []
    for i in rng.sample(range(len(dirty)), 40):                                  # duplicate rows (>5%)
        extra.append((list(dirty[i][0]), {"duplicate"}))
    for i in rng.sample(range(len(dirty)), 5):                                   # same features, other label
        r = list(dirty[i][0])
        r[6] = "neg" if r[6] == "pos" else "pos"
        extra.append((r, {"conflict"}))
        dirty[i][1].add("conflict")
    overlap = [(r + ["0.0000", "web"], {"overlap"}) for r in reference[:8]]      # rows also in the reference
    rows = dirty + extra + overlap
    rng.shuffle(rows)
    write_csv("dirty.csv", ["record_id"] + header + ["leak_score", "source"],
              [[str(i + 1)] + r for i, (r, _) in enumerate(rows)])               # an identifier column
    with open(os.path.join(HERE, "dirty_planted.txt"), "w", encoding="utf-8") as f:
        f.write("# 1-based data row numbers of dirty.csv with what was planted in them (written by generate_fixtures.py)\n")
        for i, (_, tags) in enumerate(rows):
            for tag in sorted(tags):
                f.write(f"{tag} {i + 1}\n")


def bad_inputs():
    os.makedirs(os.path.join(HERE, "bad"), exist_ok=True)
    files = {
        "ragged.csv": b"a,b,c\r\n1,2,3\r\n4,5\r\n6,7,8\r\n",
        "broken_quote.csv": b"a,b\n1,\"ok\"\n2,\"never closed\n3,4\n",
        "stray_quote.csv": b"a,b\n1,2\n3,\"x\"y\n",
        "invalid_utf8.csv": b"a,b\n1,caf\xc3\xa9\n2,ok\n3,bad\xff\xfe\n",
        "empty.csv": b"",
        "header_only.csv": b"a,b,c\n",
        "quoted.csv": b"id_text,note,amount\r\n\"a,1\",\"He said \"\"hi\"\"\",1.5\r\n\"b\",\"two\r\nlines\",2\r\nc,plain,3\r\n",
        "bad_json.jsonl": b"{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": \"y\"}\n{\"a\": 3, \"b\": \n",
        "ragged.jsonl": b"{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"c\": \"y\"}\n",
        "rows.jsonl": b"{\"id\": 1, \"name\": \"Ann Lee\", \"score\": 0.5, \"ok\": true}\n\n{\"id\": 2, \"name\": null, \"score\": 1e3, \"ok\": false}\r\n{\"id\": 3, \"score\": -2}\n",
    }
    for name, data in files.items():
        with open(os.path.join(HERE, "bad", name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    pii_fixtures()
    check_fixtures()
    bad_inputs()
