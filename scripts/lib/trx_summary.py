"""Adds up the counters of every .trx file under a folder and prints 'N passed, N failed, N skipped'."""
import glob
import re
import sys

passed = failed = skipped = 0
files = glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True)
for path in files:
    text = open(path, encoding="utf-8").read()
    counters = re.search(r"<Counters [^>]*>", text)
    if not counters:
        continue
    get = lambda k: int(re.search(k + r'="(\d+)"', counters.group(0)).group(1))
    passed += get("passed")
    failed += get("failed") + get("error") + get("timeout") + get("aborted")
    skipped += get("notExecuted")
if not files:
    failed += 1  # no results at all means the run broke before any test executed
print(f"{passed} passed, {failed} failed, {skipped} skipped")
