#!/usr/bin/env python3
"""Noise floor of a per-step trace, for forecasts and for scaling.

Forecasts: for each step of the last EVAL_DAYS days, the MAE of the mean of the values around it (the value itself
left out, future values included), which no causal forecast can beat by much. Compare with the backtest's MAE per
step (docs/forecasting.md).

Scaling (with CAPACITY and COLD_START_STEPS): a policy that knows that two-sided level exactly and provisions for a
quantile of the noise around it, z = (value - level) / sqrt(level), asking at each step for the largest count of the
steps up to the cold start ahead (the bench oracle's rule), with a replica ready only when it was asked for during the
whole cold start. Its violations and its cost against the bench's oracle show what a perfect level forecast would
reach (docs/planner.md). Usage:

    scripts/noise_floor.py TRACE VALUE_COL [STEPS_PER_DAY=1440] [EVAL_DAYS=7] [CAPACITY COLD_START_STEPS]
"""
import csv
import math
import sys


def window_max(a, lead):
    return [max(a[i:i + lead + 1]) for i in range(len(a))]


def empirical(sorted_values, q):
    pos = q * (len(sorted_values) - 1)
    k = int(pos)
    if k >= len(sorted_values) - 1:
        return sorted_values[-1]
    return sorted_values[k] + (pos - k) * (sorted_values[k + 1] - sorted_values[k])


def main():
    path, col = sys.argv[1], sys.argv[2]
    per_day = int(sys.argv[3]) if len(sys.argv) > 3 else 1440
    days = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    with open(path, newline="") as f:
        values = [float(r[col]) if r[col] not in ("", None) else math.nan for r in csv.DictReader(f)]
    start = len(values) - days * per_day
    kept = [v for v in values[start:] if not math.isnan(v)]
    print(f"{path}: last {days} days, mean {sum(kept) / len(kept):.2f}")
    levels = {}
    for w in (5, 11, 21):
        k = w // 2
        errors = []
        for i in range(start, len(values) - k):
            if math.isnan(values[i]):
                continue
            around = [values[j] for j in range(i - k, i + k + 1) if j != i and not math.isnan(values[j])]
            if around:
                level = sum(around) / len(around)
                errors.append(abs(values[i] - level))
                if w == 11:
                    levels[i] = level
        print(f"window {w:2d} steps (both sides, value left out): MAE {sum(errors) / len(errors):.3f}")
    if len(sys.argv) <= 6:
        return
    capacity, lead = float(sys.argv[5]), int(sys.argv[6])
    steps = sorted(levels)
    observed = [values[i] for i in steps]
    level = [levels[i] for i in steps]
    need = [max(1, math.ceil(v / capacity)) for v in observed]
    oracle = sum(window_max(need, lead))
    z = sorted((v - m) / math.sqrt(max(m, 1)) for v, m in zip(observed, level))
    print(f"known level (11 steps), capacity {capacity:g}, cold start {lead} steps:")
    for q in (0.97, 0.98, 0.99, 0.995):
        zq = empirical(z, q)
        cap = [max(1, math.ceil((m + zq * math.sqrt(max(m, 1))) / capacity)) for m in level]
        asked = window_max(cap, lead)
        ready = [min(asked[max(0, t - lead):t + 1]) for t in range(len(asked))]
        violated = sum(1 for v, r in zip(observed, ready) if v > r * capacity) / len(observed)
        print(f"  noise quantile {q}: {100 * violated:.2f}% of steps violated at {sum(asked) / oracle:.3f}x the oracle")


if __name__ == "__main__":
    main()
