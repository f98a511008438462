"""Readers and the cold-start replay shared by the two notebooks.

They follow the formats and rules of ../shared/bench/README.md (trace CSV,
forecast candidate CSV, replica candidate CSV) so that the notebooks compute
the same figures as forecast_peers.py and scaling_score.py. Times are handled
as whole seconds since 1970-01-01 (UTC for traces whose times carry an
offset, the trace's own clock otherwise), as the bench scripts do.
"""
import gzip
import json
import math
import os

import numpy as np
import pandas as pd

DAY_S = 86400
EPS = 1e-9


class InputError(ValueError):
    """Bad input, with the file (and row or column) that is wrong."""


def env(name, default):
    """A notebook parameter: the environment variable if set and not empty."""
    value = os.environ.get(name, "")
    return value if value.strip() else default


def to_seconds(raw, what):
    """Times as int64 seconds: whole numbers are seconds since the epoch,
    anything else is parsed by pandas (offsets converted to UTC)."""
    text = raw.astype(str).str.strip()
    if text.str.fullmatch(r"-?\d+").all():
        return text.astype(np.int64).to_numpy()
    try:
        stamps = pd.to_datetime(text, utc=False)
    except (ValueError, TypeError) as exc:
        raise InputError(f"{what}: cannot parse times: {exc}") from exc
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return (stamps.astype("int64") // 1_000_000_000).to_numpy()


def parse_stamp(text, what):
    return int(to_seconds(pd.Series([text]), what)[0])


def read_csv(path, what, columns):
    if not os.path.isfile(path):
        raise InputError(f"{what}: no such file {path}")
    frame = pd.read_csv(path)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{what} {path}: missing column(s) {missing}; "
                         f"has {list(frame.columns)}")
    return frame


def load_trace(path, time_col, value_col, missing_col=""):
    """The trace on its regular grid: (times in s, values with NaN for gaps,
    step in s). A gap is a grid time without a row, an empty value or a row
    flagged missing."""
    cols = [time_col, value_col] + ([missing_col] if missing_col else [])
    frame = read_csv(path, "trace", cols)
    secs = to_seconds(frame[time_col], f"trace {path} column {time_col}")
    values = pd.to_numeric(frame[value_col], errors="coerce").to_numpy(float)
    if missing_col:
        values[frame[missing_col].fillna(0).to_numpy() == 1] = np.nan
    order = np.argsort(secs, kind="stable")
    secs, values = secs[order], values[order]
    step = int(np.median(np.diff(secs)))
    if step <= 0 or DAY_S % step:
        raise InputError(f"trace {path}: step {step}s does not divide a day")
    grid = np.arange(secs[0], secs[-1] + step, step)
    full = pd.Series(values, index=secs).reindex(grid).to_numpy(float)
    return grid, full, step


def at(grid, values, step, secs):
    """Values at the given times on the trace grid; NaN outside the trace."""
    secs = np.asarray(secs, dtype=np.int64)
    idx = (secs - grid[0]) // step
    inside = (idx >= 0) & (idx < len(values)) & ((secs - grid[0]) % step == 0)
    out = np.full(len(secs), np.nan)
    out[inside] = values[idx[inside]]
    return out


def load_forecast_csv(path):
    """A backtest candidate CSV: origin (s), step, predicted[, lower, upper]."""
    frame = read_csv(path, "backtest CSV", ["origin", "step", "predicted"])
    out = pd.DataFrame({
        "origin": to_seconds(frame["origin"], f"backtest CSV {path} column origin"),
        "step": frame["step"].astype(int),
        "predicted": frame["predicted"].astype(float)})
    if "lower" in frame.columns and "upper" in frame.columns:
        out["lower"] = frame["lower"].astype(float)
        out["upper"] = frame["upper"].astype(float)
    return out


def causal_fill(values, step):
    """Model inputs as the bench fills them: a gap takes the value one day
    earlier (recursively), else the last observed value."""
    filled = values.copy()
    spd = DAY_S // step
    for i in np.flatnonzero(np.isnan(filled)):
        if i >= spd and not np.isnan(filled[i - spd]):
            filled[i] = filled[i - spd]
        elif i > 0:
            filled[i] = filled[i - 1]
    return filled


def load_plan_csv(path, step_times):
    """A replica candidate CSV (timestamp, replicas; sparse rows allowed)
    sampled at each step start: the count of the last row at or before it."""
    frame = read_csv(path, "replica CSV", ["timestamp", "replicas"])
    secs = to_seconds(frame["timestamp"], f"replica CSV {path} column timestamp")
    reps = frame["replicas"].to_numpy(float)
    if np.isnan(reps).any() or (reps != np.floor(reps)).any() or (reps < 0).any():
        raise InputError(f"replica CSV {path}: 'replicas' must be whole numbers >= 0")
    order = np.argsort(secs, kind="stable")
    secs, reps = secs[order], reps[order].astype(int)
    pos = np.searchsorted(secs, step_times, side="right") - 1
    if pos[0] < 0:
        raise InputError(f"replica CSV {path}: first row is after the first "
                         f"evaluated step ({step_times[0]} s)")
    return reps[pos]


def load_decisions(path, step_times):
    """The decision log of `simulate --decisions` (JSON lines, gzip when the
    name ends in .gz), one line per evaluated step, as a DataFrame indexed
    like step_times; a line whose step is not evaluated is an error."""
    if not os.path.isfile(path):
        raise InputError(f"decision log: no such file {path}")
    opener = gzip.open if path.endswith(".gz") else open
    rows = []
    with opener(path, "rt", encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            try:
                rows.append(json.loads(line))
            except ValueError as exc:
                raise InputError(f"decision log {path}:{number}: not JSON: {exc}") from exc
    if not rows:
        raise InputError(f"decision log {path}: no lines")
    frame = pd.DataFrame(rows)
    missing = [c for c in ("timestamp", "demand", "ready", "violated", "provisioned", "starting", "inputs",
                           "reasons") if c not in frame.columns]
    if missing:
        raise InputError(f"decision log {path}: missing field(s) {missing}")
    secs = to_seconds(frame["timestamp"], f"decision log {path} field timestamp")
    pos = pd.Index(step_times).get_indexer(secs)
    if (pos < 0).any():
        bad = int(np.flatnonzero(pos < 0)[0])
        raise InputError(f"decision log {path}:{bad + 1}: {frame['timestamp'][bad]} is not an evaluated step")
    frame.index = pos
    return frame.sort_index()


def replay(counts, step, cold_s):
    """Ready replicas per step for provisioned counts (the bench's replay):
    the first count starts warm; growth at t is ready from t + cold_s and
    counts for the ready fraction of its step; shrinking drops the youngest."""
    total = int(counts[0])
    stack = [[-math.inf, total]] if total > 0 else []
    ready = np.zeros(len(counts))
    for k, n in enumerate(int(c) for c in counts):
        now = k * step
        if n > total:
            stack.append([now, n - total])
        excess = total - n
        while excess > 0:
            take = min(excess, stack[-1][1])
            stack[-1][1] -= take
            excess -= take
            if stack[-1][1] == 0:
                stack.pop()
        total = n
        ready[k] = sum(c * min(1.0, max(0.0, (now - r + step - cold_s) / step))
                       for r, c in stack)
    return ready


def clock(secs):
    """Seconds to timestamps for plot axes."""
    return pd.to_datetime(np.asarray(secs), unit="s")


def fmt(value):
    """A figure for legends and tables: thousands separated, else 4 digits."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"


def day_label(day, first_time):
    """The day as a date; for traces that count seconds from 0 (and so start
    on 1970-01-01) also its number, which is what a reader recognises."""
    date = f"{clock([day])[0]:%Y-%m-%d}"
    if first_time >= 366 * DAY_S:
        return date
    number = (day - (first_time - first_time % DAY_S)) // DAY_S + 1
    return f"{date} (day {number} of the trace)"


def headline(kind, **figures):
    """One parseable line of the headline figures (read by the tests)."""
    parts = []
    for key, value in figures.items():
        if value is None:
            value = "nan"
        elif isinstance(value, (float, np.floating)):
            value = f"{value:.10g}" if math.isfinite(value) else "nan"
        parts.append(f"{key}={value}")
    print(f"HEADLINE {kind} " + " ".join(parts))
