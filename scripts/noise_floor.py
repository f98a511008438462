#!/usr/bin/env python3
"""Noise floor of a per-step trace: the MAE of an estimate that knows the neighbours on both sides.

For each step of the last EVAL_DAYS days it predicts the value from the mean of the W - 1 values around it (the
value itself left out, future values included), which no causal forecast can beat by much. Compare with the
backtest's MAE per step (docs/forecasting.md). Usage:

    scripts/noise_floor.py TRACE VALUE_COL [STEPS_PER_DAY=1440] [EVAL_DAYS=7]
"""
import csv
import math
import sys


def main():
    path, col = sys.argv[1], sys.argv[2]
    per_day = int(sys.argv[3]) if len(sys.argv) > 3 else 1440
    days = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    with open(path, newline="") as f:
        values = [float(r[col]) if r[col] not in ("", None) else math.nan for r in csv.DictReader(f)]
    start = len(values) - days * per_day
    mean = sum(v for v in values[start:] if not math.isnan(v)) / sum(1 for v in values[start:] if not math.isnan(v))
    print(f"{path}: last {days} days, mean {mean:.2f}")
    for w in (5, 11, 21):
        k = w // 2
        errors = []
        for i in range(start, len(values) - k):
            if math.isnan(values[i]):
                continue
            around = [values[j] for j in range(i - k, i + k + 1) if j != i and not math.isnan(values[j])]
            if around:
                errors.append(abs(values[i] - sum(around) / len(around)))
        print(f"window {w:2d} steps (both sides, value left out): MAE {sum(errors) / len(errors):.3f}")


if __name__ == "__main__":
    main()
