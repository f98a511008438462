// The preview page: pick a pool, then every few seconds read its preview (GET .../forecast) and recent decisions
// (GET .../decisions) and show them. Everything comes from this service's API, by paths relative to the page.
"use strict";

(function () {
  const NN = window.NN;
  const $ = NN.$;
  const REFRESH_MS = 5000;
  const DECISIONS = 120;

  const state = {
    pools: [],
    pool: null,
    detail: null,
    preview: null,
    timer: null,
    generation: 0,
  };

  const nowSeconds = () => (state.preview ? NN.seconds(state.preview.at) : null);
  const charts = {
    load: NN.loadChart($("chart-load"), nowSeconds),
    replicas: NN.replicasChart($("chart-replicas"), nowSeconds),
  };
  NN.charts = charts; // For the browser tests, which read what was plotted.

  function api(path) {
    return "api/v1/pools" + path;
  }

  function showMessage(kind, html) {
    const m = $("message");
    m.className = "message " + kind;
    m.replaceChildren(...html);
    m.hidden = false;
  }

  function hideMessage() {
    $("message").hidden = true;
  }

  function setLive(ok, text) {
    $("live").className = "live " + (ok ? "ok" : "down");
    $("updated").textContent = text;
  }

  // ---- pool list and selection ----

  async function loadPools() {
    const { body } = await NN.get(api(""));
    state.pools = body.pools.map((p) => p.name);
    const select = $("pool");
    const placeholder = NN.el("option", { value: "", disabled: "" }, "choose a pool…");
    select.replaceChildren(placeholder, ...state.pools.map((name) => NN.el("option", { value: name }, name)));
    const mode = [body.actuator, body.demo ? "embedded demo" : null].filter(Boolean).join(" · ");
    $("mode").textContent = mode;
    $("mode").title = body.demo ? "No Prometheus configured: the bundled example pool replays a bundled trace"
      : "actuator mode";
    if (body.invalid && body.invalid.length) {
      $("mode").textContent += " · " + body.invalid.length + " invalid pool document(s)";
    }
    return body;
  }

  function selectedFromUrl() {
    const p = new URLSearchParams(window.location.search).get("pool");
    return p === null || p === "" ? null : p;
  }

  function choose(pool, pushUrl) {
    state.generation++;
    state.pool = pool;
    state.detail = null;
    state.preview = null;
    charts.load.clear();
    charts.replicas.clear();
    NN.shadow.reset(pool);
    if (pushUrl) {
      const url = new URL(window.location.href);
      url.searchParams.set("pool", pool);
      url.searchParams.delete("shadow");
      window.history.replaceState(null, "", url);
    }
    const known = state.pools.includes(pool);
    $("pool").value = known ? pool : "";
    if (!known) {
      unknownPool(pool);
      return;
    }
    hideMessage();
    refresh(state.generation);
    const shadowDays = new URLSearchParams(window.location.search).get("shadow");
    if (shadowDays && !pushUrl) {
      NN.shadow.start(shadowDays); // A link with ?shadow=N opens with that replay.
    }
  }

  function unknownPool(pool) {
    clearTimeout(state.timer);
    $("content").hidden = true;
    const list = state.pools.length ? state.pools.map((p, i) => [i ? ", " : "", NN.el("a", {
      href: "?pool=" + encodeURIComponent(p) }, p)]).flat() : ["none"];
    showMessage("error", [
      NN.el("strong", {}, "Unknown pool: "), NN.el("code", {}, pool), ". ",
      "This service serves no pool of that name. Pools served: ", ...list, ".",
    ]);
    $("pool").value = "";
    document.body.dataset.state = "unknown-pool";
    setLive(true, "no such pool");
  }

  // ---- refresh loop ----

  async function refresh(generation) {
    clearTimeout(state.timer);
    if (generation !== state.generation) {
      return;
    }
    const pool = state.pool;
    const enc = encodeURIComponent(pool);
    try {
      const [detail, preview, decisions] = await Promise.all([
        state.detail ? Promise.resolve({ body: state.detail }) : NN.get(api("/" + enc)),
        NN.get(api("/" + enc + "/forecast")),
        NN.get(api("/" + enc + "/decisions?limit=" + DECISIONS)),
      ]);
      if (generation !== state.generation) {
        return;
      }
      state.detail = detail.body;
      state.preview = preview.body;
      $("content").hidden = false; // Before rendering: the charts take the width of their visible container.
      render(state.detail, state.preview, decisions.body);
      hideMessage();
      document.body.dataset.state = "ready";
      setLive(true, "updated " + new Date().toLocaleTimeString("en-GB"));
    } catch (e) {
      if (generation !== state.generation) {
        return;
      }
      if (e.status === 404) {
        state.pools = state.pools.filter((p) => p !== pool);
        unknownPool(pool);
        return;
      }
      setLive(false, "update failed, retrying");
      showMessage("warn", [NN.el("strong", {}, "Could not refresh: "), e.message]);
    }
    if (!document.hidden) {
      state.timer = setTimeout(() => refresh(generation), REFRESH_MS);
    }
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && state.pool && state.pools.includes(state.pool)) {
      refresh(state.generation);
    }
  });

  // ---- rendering ----

  function render(detail, p, decisions) {
    NN.serverNow = Date.parse(p.at);
    renderConfidence(detail, p);
    renderPlan(p);
    renderSchedule(detail, p);
    renderReactive(p);
    renderReasons(p);
    const domain = timeDomain(detail, p);
    renderLoad(p, domain);
    renderReplicas(detail, p, decisions, domain);
  }

  /** One time range for both charts: the shown history (or the last hour) to the end of the forecast horizon. */
  function timeDomain(detail, p) {
    const now = NN.seconds(p.at);
    const from = p.history.length ? NN.seconds(p.history[0].time) : now - 3600;
    const to = p.points.length ? NN.seconds(p.points[p.points.length - 1].time)
      : now + detail.spec.horizonMinutes * 60;
    return [Math.min(from, now), now, Math.max(to, now)];
  }

  function renderConfidence(detail, p) {
    NN.text("confidence", p.confidence === null ? null : NN.fixed(p.confidence, 2));
    $("min-confidence").textContent = "min " + NN.fixed(p.minConfidence, 2);
    const gate = $("gate");
    if (!p.predictiveEnabled) {
      gate.className = "gate off";
      gate.textContent = "Prediction is off for this pool: the forecast is shown, not used";
    } else if (p.gateOpen) {
      gate.className = "gate open";
      gate.textContent = "Gate passes: the forecast is used";
    } else {
      gate.className = "gate closed";
      gate.textContent = p.confidence === null ? "Gate closed: no forecast, reactive signals and schedules only"
        : "Gate closed: confidence below the minimum, forecast ignored";
    }
    const m = p.model;
    $("model").textContent = m ? "model " + m.version + " (" + (m.method || "").toLowerCase() + "), trained "
      + NN.ago(m.trainedAt) + "; backtest: MAE " + NN.num(m.relativeMae, 2) + "× seasonal-naive, 80% interval covers "
      + NN.pct(m.coverage80 === null ? null : m.coverage80 * 100, 0) : "no serving model";
    $("forecast-note").textContent = p.note || "";
  }

  function renderPlan(p) {
    const d = p.decision;
    NN.text("desired", d.desired);
    NN.text("serving", d.serving);
    NN.text("warm", d.warm);
    NN.text("starting", d.starting);
    NN.text("provisioned", d.provisioned);
    // Absent inputs are null: no metric had a value, or the forecast is not used.
    const parts = ["now " + d.current + " serving", "reactive " + (p.reactive.replicas === null ? "no value"
      : p.reactive.replicas)];
    if (d.predicted !== null) {
      parts.push("predicted " + d.predicted + (d.predictedLoad === null ? "" : " (load "
        + NN.num(d.predictedLoad, 1) + " at the " + NN.num(p.quantileLevel * 100, 2) + "% quantile)"));
    }
    if (p.schedule) {
      parts.push("schedule floor " + p.schedule.replicas);
    }
    $("plan-inputs").textContent = parts.join(" · ");
    $("plan-note").textContent = d.override ? "A manual override sets the size." : d.fallback ? "Held: " + d.fallback
      : "";
  }

  function renderSchedule(detail, p) {
    const s = p.schedule;
    NN.text("schedule", s ? s.name : "none");
    $("schedule-floor").textContent = s ? "floor " + s.replicas : "";
    $("schedule-fired").textContent = s ? "fired " + NN.time(s.firedAt) + " (" + NN.ago(s.firedAt, Date.parse(p.at))
      + ")" : "no schedule has fired";
    const all = detail.spec.schedules || [];
    $("schedules").replaceChildren(...(all.length ? [NN.el("div", { class: "muted" }, "schedules, cron in "
      + detail.spec.timeZone + ":")].concat(all.map((x) => NN.el("div", { class: "sched" + (s && s.name === x.name
      ? " active" : "") }, x.name + " ", NN.el("code", {}, x.cron), " → " + x.replicas))) : [
      NN.el("span", { class: "muted" }, "no schedules")]));
  }

  function renderReactive(p) {
    NN.text("reactive", p.reactive.replicas);
    const items = p.reactive.readings.map((r) => NN.el("li", {},
      NN.el("span", { class: "metric" }, r.metric), " ", NN.num(r.value, 2), " / target " + NN.num(r.target, 2)
      + " → " + r.replicas, NN.el("div", { class: "formula" }, r.formula)));
    p.reactive.missing.forEach((m) => items.push(NN.el("li", { class: "missing" }, m + ": no value")));
    (p.problems || []).forEach((x) => items.push(NN.el("li", { class: "missing" }, x.metric + ": " + x.message)));
    $("readings").replaceChildren(...items);
  }

  function renderReasons(p) {
    const d = p.decision;
    const items = d.reasons.map((r) => NN.el("li", {}, NN.el("span", { class: "code" }, r.code), " ", r.message));
    d.actions.forEach((a) => items.push(NN.el("li", { class: "action" }, NN.el("span", { class: "code" }, a.code),
      " ", a.message)));
    $("reasons").replaceChildren(...items);
  }

  function renderLoad(p, domain) {
    const hist = p.history.map((h) => ({ t: NN.seconds(h.time), v: h.value }));
    const pts = p.points;
    const f = pts.map((x) => ({ t: NN.seconds(x.time), v: x.point }));
    const lo = pts.map((x) => ({ t: NN.seconds(x.time), v: x.lower }));
    const hi = pts.map((x) => ({ t: NN.seconds(x.time), v: x.upper }));
    const q = pts.map((x) => ({ t: NN.seconds(x.time), v: x.planning }));
    if (!hist.length && !pts.length) {
      charts.load.clear();
      $("chart-load").replaceChildren(NN.el("div", { class: "empty" }, "No history or forecast yet: " + (p.note
        || "waiting for data")));
      $("load-hint").textContent = "";
      return;
    }
    $("chart-load").querySelectorAll(".empty").forEach((e) => e.remove());
    charts.load.update(NN.align([hist, f, lo, hi, q], domain), "load");
    $("load-hint").textContent = (p.metric || "") + (pts.length ? " · " + pts.length + " steps ahead, planning at the "
      + NN.num(p.quantileLevel * 100, 2) + "% quantile (the pool's availability target)" : " · no forecast");
  }

  function renderReplicas(detail, p, decisions, domain) {
    const past = decisions.slice().reverse().filter((d) => NN.seconds(d.at) >= domain[0]);
    const t = (iso) => NN.seconds(iso);
    const desired = past.map((d) => ({ t: t(d.at), v: d.desired }));
    const prov = past.map((d) => ({ t: t(d.at), v: d.serving + d.warm + d.starting }));
    const warm = past.map((d) => ({ t: t(d.at), v: d.warm }));
    const reactive = past.map((d) => ({ t: t(d.at), v: d.inputs ? d.inputs.reactive : null }));
    const d = p.decision;
    const now = t(p.at);
    desired.push({ t: now, v: d.desired });
    prov.push({ t: now, v: d.provisioned });
    warm.push({ t: now, v: d.warm });
    reactive.push({ t: now, v: p.reactive.replicas });
    const asks = forecastAsks(detail, p);
    charts.replicas.update(NN.align([desired, prov, warm, reactive, asks], domain), "replicas");
    $("replicas-hint").textContent = past.length + " recent decisions · limits " + detail.pool.minReplicas + ".."
      + detail.pool.maxReplicas;
  }

  /** Replicas the forecast asks for at each step: the planning quantile over the per-replica target, in limits. */
  function forecastAsks(detail, p) {
    const reading = p.reactive.readings.find((r) => r.metric === p.metric);
    if (!reading || !reading.target) {
      return [];
    }
    const lo = detail.pool.minReplicas;
    const hi = detail.pool.maxReplicas;
    return p.points.map((x) => {
      const load = x.planning === null ? x.point : x.planning;
      return { t: NN.seconds(x.time), v: Math.min(hi, Math.max(lo, Math.ceil(load / reading.target - 1e-9))) };
    });
  }

  // ---- start ----

  $("pool").addEventListener("change", (e) => choose(e.target.value, true));

  async function start() {
    try {
      await loadPools();
    } catch (e) {
      setLive(false, "service unreachable");
      showMessage("error", [NN.el("strong", {}, "Cannot list pools: "), e.message]);
      document.body.dataset.state = "error";
      return;
    }
    const wanted = selectedFromUrl();
    if (wanted !== null) {
      choose(wanted, false);
    } else if (state.pools.length) {
      choose(state.pools[0], true);
    } else {
      showMessage("info", ["This service serves no pools yet. Add AgentPool files to its pools folder."]);
      document.body.dataset.state = "no-pools";
    }
  }

  start();
})();
