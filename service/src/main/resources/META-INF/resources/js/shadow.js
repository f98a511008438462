// The shadow replay view: GET .../shadow?days=N replays the pool's own history with prediction on and off. The first
// request starts the replay (202) and the page polls until the result is ready; results are cached by the service.
"use strict";

(function () {
  const NN = window.NN;
  const $ = NN.$;
  const POLL_MS = 2000;

  const state = { pool: null, generation: 0, timer: null, chart: null };

  function status(kind, parts) {
    const s = $("shadow-status");
    s.className = "shadow-status " + kind;
    s.replaceChildren(...parts);
  }

  function reset(pool) {
    state.pool = pool;
    state.generation++;
    clearTimeout(state.timer);
    $("shadow-result").hidden = true;
    if (state.chart) {
      state.chart.clear();
    }
    status("", ["Choose how many recent days to replay, then Replay. The first replay of a pool takes a while; "
      + "the result is kept until a new day of history completes."]);
    document.body.dataset.shadow = "idle";
  }

  async function run(generation, days, startedMs) {
    if (generation !== state.generation) {
      return;
    }
    const path = "api/v1/pools/" + encodeURIComponent(state.pool) + "/shadow?days=" + encodeURIComponent(days);
    try {
      const { status: code, body } = await NN.get(path);
      if (generation !== state.generation) {
        return;
      }
      if (code === 202) {
        const s = Math.round((Date.now() - startedMs) / 1000);
        status("running", [NN.el("span", { class: "spinner" }), "Replaying " + days + " day(s) of " + state.pool
          + " with prediction on and off… " + s + " s" + (body.message ? " · " + body.message : "")]);
        document.body.dataset.shadow = "running";
        state.timer = setTimeout(() => run(generation, days, startedMs), POLL_MS);
        return;
      }
      render(body);
    } catch (e) {
      if (generation !== state.generation) {
        return;
      }
      status("error", [NN.el("strong", {}, "Shadow replay not possible: "), e.message]);
      $("shadow-result").hidden = true;
      document.body.dataset.shadow = "failed";
    }
  }

  /** One comparison row: texts per column, and which policy did better when lower or higher is better. */
  function row(label, texts, values, lowerIsBetter) {
    let win = ["", ""];
    if (lowerIsBetter !== null && values[0] !== null && values[1] !== null && values[0] !== values[1]) {
      win = (values[0] < values[1]) === lowerIsBetter ? ["win", ""] : ["", "win"];
    }
    return NN.el("tr", {}, NN.el("th", {}, label), NN.el("td", { class: "on " + win[0] }, texts[0]),
      NN.el("td", { class: "off " + win[1] }, texts[1]), NN.el("td", { class: "oracle" }, texts[2] || ""));
  }

  function render(r) {
    const on = r.predictive;
    const off = r.reactive;
    const stepMin = r.stepSeconds / 60;
    const minutes = (p) => NN.num(p.violatedSteps * stepMin, 0) + " min (" + NN.pct(p.violationPct, 2) + ")";
    const unserved = (p) => NN.num(p.unservedDemand, 0) + " (" + NN.pct(p.unservedPct, 3) + ")";
    const reps = (p) => NN.num(p.meanReplicas, 1) + " / " + p.peakReplicas;
    const tbody = $("shadow-table").querySelector("tbody");
    tbody.replaceChildren(
      row("Violated minutes (load above ready capacity)", [minutes(on), minutes(off), "0 min"],
        [on.violatedSteps, off.violatedSteps], true),
      row("Unserved load (" + r.metric + " × steps)", [unserved(on), unserved(off), "0"],
        [on.unservedDemand, off.unservedDemand], true),
      row("GPU-hours", [NN.num(on.gpuHours, 1), NN.num(off.gpuHours, 1), NN.num(r.oracleGpuHours, 1)],
        [on.gpuHours, off.gpuHours], true),
      row("Cost vs oracle", [ratio(on.costRatio), ratio(off.costRatio), "1×"], [on.costRatio, off.costRatio], true),
      row("Scale events", [NN.num(on.scaleEvents, 0), NN.num(off.scaleEvents, 0), ""], [0, 0], null),
      row("Mean / peak replicas", [reps(on), reps(off), ""], [0, 0], null));
    $("shadow-result").hidden = false;
    status("done", [summary(r), NN.el("span", { class: "muted" }, " " + plural(r.days, "day") + ", " + NN.utc(r.from)
      + " to " + NN.utc(r.to) + "; per-replica target " + NN.num(r.capacity, 2) + ", cold start "
      + NN.num(r.coldStartSeconds / 60, 1) + " min, " + plural(on.trainings, "daily training") + "; computed "
      + NN.ago(r.computedAt) + " in " + NN.num(r.seconds, 1) + " s from " + r.source + ".")]);
    renderDays(r);
    document.body.dataset.shadow = "done";
    drawChart(r);
  }

  /** A row per replayed day: each policy's violated minutes and cost, and the model that forecast the day. */
  function renderDays(r) {
    const stepMin = r.stepSeconds / 60;
    const violated = (d) => NN.num(d.violatedSteps * stepMin, 0) + " min";
    const off = r.reactive.days;
    $("shadow-days-table").querySelector("tbody").replaceChildren(...r.predictive.days.map((d, i) => {
      const date = NN.utc(d.start).replace(" 00:00 UTC", "");
      return NN.el("tr", {}, NN.el("th", {}, date), NN.el("td", { class: "on" }, violated(d)),
        NN.el("td", { class: "off" }, violated(off[i])), NN.el("td", { class: "on" }, ratio(d.costRatio)),
        NN.el("td", { class: "off" }, ratio(off[i].costRatio)), NN.el("td", { class: "model" }, d.model));
    }));
  }

  const plural = (n, word) => n + " " + word + (n === 1 ? "" : "s");

  /** A cost ratio to the oracle, "1.42×"; none as an en dash. */
  const ratio = (v) => (v === null ? "–" : NN.num(v, 2) + "×");

  function summary(r) {
    const on = r.predictive;
    const off = r.reactive;
    const dv = off.violatedSteps - on.violatedSteps;
    const dg = on.gpuHours - off.gpuHours;
    const stepMin = r.stepSeconds / 60;
    const minutes = (n) => NN.num(n * stepMin, 0) + (n * stepMin === 1 ? " violated minute" : " violated minutes");
    const v = dv > 0 ? "Prediction would have avoided " + minutes(dv)
      : dv < 0 ? "Prediction would have added " + minutes(-dv)
        : "Prediction would not have changed the violated minutes";
    const g = (dg >= 0 ? " for " + NN.num(dg, 1) + " more" : " and saved " + NN.num(-dg, 1)) + " GPU-hours";
    return NN.el("strong", {}, v + g + ".");
  }

  function drawChart(r) {
    if (!state.chart) {
      state.chart = NN.shadowChart($("chart-shadow"));
    }
    const s = r.series;
    const t0 = NN.seconds(s.start);
    const n = s.demand.length;
    const x = new Array(n);
    const need = new Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = t0 + i * r.stepSeconds;
      need[i] = s.demand[i] === null ? null : Math.ceil(s.demand[i] / r.capacity - 1e-9);
    }
    state.chart.update([x, need, s.predictive, s.reactive], "shadow");
  }

  /** Starts (or fetches the cached) replay of the chosen pool and remembers the days in the page's URL. */
  function start(days) {
    if (!state.pool) {
      return;
    }
    state.generation++;
    clearTimeout(state.timer);
    $("shadow-days").value = days;
    const url = new URL(window.location.href);
    url.searchParams.set("shadow", days);
    window.history.replaceState(null, "", url);
    status("running", [NN.el("span", { class: "spinner" }), "Starting the replay…"]);
    run(state.generation, days, Date.now());
  }

  $("shadow-form").addEventListener("submit", (e) => {
    e.preventDefault();
    start($("shadow-days").value);
  });

  NN.shadow = { reset, start };
})();
