#!/usr/bin/env python3
"""One table of a bench run's figures beside the previous run's (scripts/bench.sh).

Reads the `BENCH <what> = <value> <unit>` lines of a run's output; writes the run as JSON
in the history, and `latest.json` and `latest.md` (markdown) beside it, with the previous
run's figure and the change, marking what got worse by more than 20 %.
Usage: bench_table.py RUN.txt OUT_DIR
"""
import json
import os
import re
import sys

LINE = re.compile(r"^BENCH (.+?) = (-?[0-9.]+)\s*(.*)$")
WORSE = 0.20


def higher_is_better(unit):
    return unit.endswith("/s") or unit in ("codes", "kinds")


def read(path):
    figures = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = LINE.match(line.strip())
            if m:
                figures[m.group(1)] = {"value": float(m.group(2)), "unit": m.group(3)}
    return figures


def main():
    raw, out = sys.argv[1], sys.argv[2]
    stamp = os.path.splitext(os.path.basename(raw))[0]
    history = os.path.join(out, "history")
    figures = read(raw)
    earlier = sorted(f for f in os.listdir(history) if f.endswith(".json") and f < stamp + ".json")
    previous, previous_stamp = {}, None
    if earlier:
        previous_stamp = os.path.splitext(earlier[-1])[0]
        with open(os.path.join(history, earlier[-1]), encoding="utf-8") as f:
            previous = json.load(f)["figures"]
    run = {"date": stamp, "previous": previous_stamp, "figures": figures}
    for path in (os.path.join(history, stamp + ".json"), os.path.join(out, "latest.json")):
        with open(path, "w", encoding="utf-8") as f:
            json.dump(run, f, ensure_ascii=False, indent=1)
    rows = [f"Run {stamp}" + (f", beside {previous_stamp}" if previous_stamp else " (no earlier run here)"), "",
            "| what | this run | previous run | change |", "| --- | --- | --- | --- |"]
    worse = 0
    for name, fig in figures.items():
        value, unit = fig["value"], fig["unit"]
        before = previous.get(name)
        change = ""
        if before and before["value"]:
            ratio = (value - before["value"]) / before["value"]
            got_worse = -ratio if higher_is_better(unit) else ratio
            change = f"{ratio:+.0%}"
            if got_worse > WORSE:
                change = f"**worse: {change}**"
                worse += 1
        prev = f"{before['value']:g} {before['unit']}" if before else ""
        rows.append(f"| {name} | {value:g} {unit} | {prev} | {change} |")
    table = "\n".join(rows) + "\n"
    with open(os.path.join(out, "latest.md"), "w", encoding="utf-8") as f:
        f.write(table)
    print(table)
    print(f"{len(figures)} figures; {worse} worse by more than {WORSE:.0%} than the previous run"
          f" ({os.path.join(out, 'latest.md')}, {os.path.join(out, 'latest.json')})")


if __name__ == "__main__":
    main()
