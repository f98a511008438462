#!/usr/bin/env python3
"""Noise floor of a per-step trace, for forecasts and for scaling.

Forecasts: for each step of the last EVAL_DAYS days, the MAE of the mean of the values around it (the value itself
left out, future values included), which no causal forecast can beat by much. Compare with the backtest's MAE per
step (docs/forecasting.md).

Scaling (with CAPACITY and COLD_START_STEPS): a policy that knows a two-sided level exactly (the mean of 11, 21, 41
or 61 steps around each step, the step left out) and provisions for a quantile of the noise around it over the
evaluation days themselves, z = (value - level) / sqrt(level), asking at each step for the largest count of the steps
up to the cold start ahead (the bench oracle's rule), with a replica ready only when it was asked for during the whole
cold start. Its violations and its cost against the bench's oracle show what a perfect level forecast would reach
(docs/planner.md); the shorter windows carry more of the noise into their level, the longer ones less of its
movement. The noise quantile is taken from the evaluation days themselves (in hindsight) and, when the trace has
them, from the same number of days before (what a forecaster trained on them knows). Usage:

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


def fail(message):
    print(f"noise_floor: error: {message}", file=sys.stderr)
    sys.exit(2)


def read(path, col):
    try:
        with open(path, newline="") as f:
            reader = csv.DictReader(f)
            if col not in (reader.fieldnames or []):
                fail(f"{path}: no column '{col}' (columns: {', '.join(reader.fieldnames or [])})")
            values = []
            for line, r in enumerate(reader, start=2):
                text = r[col]
                try:
                    values.append(float(text) if text not in ("", None) else math.nan)
                except ValueError:
                    fail(f"{path}:{line}: column '{col}': not a number: {text!r}")
            return values
    except OSError as e:
        fail(f"{path}: {e.strerror}")


def main():
    if len(sys.argv) not in (3, 4, 5, 7):
        fail("usage: noise_floor.py TRACE VALUE_COL [STEPS_PER_DAY [EVAL_DAYS [CAPACITY COLD_START_STEPS]]]")
    path, col = sys.argv[1], sys.argv[2]
    try:
        per_day = int(sys.argv[3]) if len(sys.argv) > 3 else 1440
        days = int(sys.argv[4]) if len(sys.argv) > 4 else 7
        capacity = float(sys.argv[5]) if len(sys.argv) > 6 else None
        lead = int(sys.argv[6]) if len(sys.argv) > 6 else None
    except ValueError as e:
        fail(f"bad number: {e}")
    if per_day < 1 or days < 1 or (capacity is not None and (capacity <= 0 or lead < 0)):
        fail("steps per day and days must be >= 1, capacity > 0, cold start steps >= 0")
    values = read(path, col)
    start = len(values) - days * per_day
    if start < 0:
        fail(f"{path}: {len(values)} rows, fewer than {days} days of {per_day} steps")
    kept = [v for v in values[start:] if not math.isnan(v)]
    print(f"{path}: last {days} days, mean {sum(kept) / len(kept):.2f}")
    levels = {}
    for w in (5, 11, 21, 41, 61):
        k = w // 2
        errors = []
        levels[w] = {}
        for i in range(start, len(values) - k):
            if math.isnan(values[i]):
                continue
            level = two_sided(values, i, k)
            if level is not None:
                errors.append(abs(values[i] - level))
                levels[w][i] = level
        print(f"window {w:2d} steps (both sides, value left out): MAE {sum(errors) / len(errors):.3f}")
    if capacity is None:
        return
    # The same steps for every window: those the widest one has a level for.
    steps = sorted(levels[61])
    observed = [values[i] for i in steps]
    need = [max(1, math.ceil(v / capacity)) for v in observed]
    oracle = sum(window_max(need, lead))
    # A causal calibration: the noise quantile of the days before the evaluation, as a forecaster trained on them has.
    before = [i for i in range(max(0, start - days * per_day), start) if not math.isnan(values[i])]
    for w in (11, 21, 41, 61):
        level = [levels[w][i] for i in steps]
        sources = [("the evaluation days", sorted(z_of(v, m) for v, m in zip(observed, level)))]
        if start >= days * per_day:
            prior = [(values[i], two_sided(values, i, w // 2)) for i in before]
            sources.append((f"the {days} days before", sorted(z_of(v, m) for v, m in prior if m is not None)))
        print(f"known level ({w} steps), capacity {capacity:g}, cold start {lead} steps:")
        for name, z in sources:
            for q in (0.97, 0.98, 0.99, 0.995):
                zq = empirical(z, q)
                cap = [max(1, math.ceil((m + zq * math.sqrt(max(m, 1))) / capacity)) for m in level]
                asked = window_max(cap, lead)
                ready = [min(asked[max(0, t - lead):t + 1]) for t in range(len(asked))]
                violated = sum(1 for v, r in zip(observed, ready) if v > r * capacity) / len(observed)
                print(f"  noise quantile {q} of {name}: {100 * violated:.2f}% of steps violated at "
                      f"{sum(asked) / oracle:.3f}x the oracle")


def two_sided(values, i, k):
    """The mean of the values within k steps of step i, the step itself left out; None when all are gaps."""
    around = [values[j] for j in range(max(0, i - k), min(len(values), i + k + 1))
              if j != i and not math.isnan(values[j])]
    return sum(around) / len(around) if around else None


def z_of(value, level):
    return (value - level) / math.sqrt(max(level, 1))

if __name__ == "__main__":
    main()
