// The page's charts, drawn with uPlot (the WebJar served by this service). Each chart keeps its uPlot instance and
// is updated in place with setData, so a refresh does not flicker; it is rebuilt only when its series change.
"use strict";

(function () {
  const NN = window.NN;

  const COLORS = {
    history: "#334155",
    forecast: "#ea580c",
    band: "rgba(234, 88, 12, 0.16)",
    bandEdge: "rgba(234, 88, 12, 0.45)",
    planning: "#b91c1c",
    desired: "#2563eb",
    provisioned: "#0f766e",
    warm: "#d97706",
    reactive: "#64748b",
    predictive: "#ea580c",
    needed: "#94a3b8",
    on: "#2563eb",
    off: "#be123c",
  };
  NN.COLORS = COLORS;

  /**
   * Aligns series given as [{t: seconds, v: value}] lists onto one sorted x axis (uPlot's data layout). `extraX`
   * adds times with no values, so that charts with different data can share one time range.
   */
  function align(lists, extraX) {
    const xs = new Set(extraX || []);
    lists.forEach((l) => l.forEach((p) => xs.add(p.t)));
    const x = Array.from(xs).sort((a, b) => a - b);
    const index = new Map(x.map((t, i) => [t, i]));
    const ys = lists.map((l) => {
      const y = new Array(x.length).fill(null);
      l.forEach((p) => {
        y[index.get(p.t)] = p.v === undefined ? null : p.v;
      });
      return y;
    });
    return [x].concat(ys);
  }
  NN.align = align;

  /** A vertical line at `at` (seconds), labelled "now", drawn over the plot. */
  function nowMarker(getNow) {
    return (u) => {
      const now = getNow();
      if (now === null || now < u.scales.x.min || now > u.scales.x.max) {
        return;
      }
      const x = Math.round(u.valToPos(now, "x", true));
      const ctx = u.ctx;
      ctx.save();
      ctx.strokeStyle = "rgba(15, 23, 42, 0.35)";
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = "rgba(15, 23, 42, 0.6)";
      ctx.font = Math.round(11 * devicePixelRatio) + "px system-ui, sans-serif";
      ctx.fillText("now", x + 4 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
      ctx.restore();
    };
  }

  /** The last non-null value of a series. */
  function last(ys) {
    for (let i = ys.length - 1; i >= 0; i--) {
      if (ys[i] !== null && ys[i] !== undefined) {
        return ys[i];
      }
    }
    return null;
  }

  /**
   * Legend values: under the cursor the value at that time; otherwise the series' latest value, so the legend
   * always shows numbers.
   */
  function legendValue(digits) {
    return (u, v, sidx, idx) => {
      const val = idx === null || idx === undefined ? last(u.data[sidx]) : v;
      return val === null || val === undefined ? "–" : NN.num(val, digits);
    };
  }

  function width(el) {
    return Math.max(320, el.clientWidth || el.parentElement.clientWidth || 800);
  }

  /**
   * A chart bound to a container: `build(data)` creates or updates it. `spec` gives the series (after x), the bands,
   * the axes' labels and the height.
   */
  class Chart {
    constructor(el, spec) {
      this.el = el;
      this.spec = spec;
      this.plot = null;
      this.key = null;
      window.addEventListener("resize", () => {
        if (this.plot) {
          this.plot.setSize({ width: width(this.el), height: this.spec.height || 260 });
        }
      });
    }

    update(data, key) {
      if (this.plot && this.key === key) {
        if (Math.abs(this.plot.width - width(this.el)) > 1) {
          this.plot.setSize({ width: width(this.el), height: this.spec.height || 260 });
        }
        this.plot.setData(data);
        return;
      }
      if (this.plot) {
        this.plot.destroy();
      }
      this.key = key;
      const s = this.spec;
      const opts = {
        width: width(this.el),
        height: s.height || 260,
        cursor: { sync: { key: s.sync || "nn" }, drag: { x: true, y: false } },
        scales: Object.assign({ x: { time: true } }, s.scales || {}),
        series: [{ label: "time", value: (u, v) => (v === null ? "latest" : NN.time(new Date(v * 1000)
          .toISOString())) }].concat(s.series.map((x) => Object.assign({ value: legendValue(x.digits) }, x))),
        bands: s.bands || [],
        axes: s.axes,
        legend: { live: true },
        hooks: { draw: s.now ? [nowMarker(s.now)] : [] },
      };
      this.plot = new uPlot(opts, data, this.el);
    }

    clear() {
      if (this.plot) {
        this.plot.destroy();
        this.plot = null;
        this.key = null;
      }
    }
  }
  NN.Chart = Chart;

  const stepped = () => uPlot.paths.stepped({ align: 1 });

  function axis(label, scale, side) {
    return {
      scale,
      label,
      // Replica counts are whole numbers: no 2.5 ticks.
      incrs: scale === "r" ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] : undefined,
      side: side === undefined ? 3 : side,
      grid: { show: side === undefined || side === 3, stroke: "rgba(15,23,42,0.07)" },
      stroke: "#475569",
      size: 56,
    };
  }
  const timeAxis = { stroke: "#475569", grid: { stroke: "rgba(15,23,42,0.07)" } };

  /** The load chart: history, forecast point, its 80% band and the planning quantile. */
  NN.loadChart = (el, getNow) => new Chart(el, {
    height: 280,
    sync: "preview",
    now: getNow,
    scales: { load: { auto: true, range: (u, min, max) => [0, Math.max(1, max * 1.08)] } },
    series: [
      { label: "history", scale: "load", stroke: COLORS.history, width: 2, points: { show: false } },
      { label: "forecast", scale: "load", stroke: COLORS.forecast, width: 2, points: { show: false } },
      { label: "80% band low", scale: "load", stroke: COLORS.bandEdge, width: 1, points: { show: false } },
      { label: "80% band high", scale: "load", stroke: COLORS.bandEdge, width: 1, points: { show: false } },
      { label: "planning quantile", scale: "load", stroke: COLORS.planning, width: 1.5, dash: [6, 4],
        points: { show: false } },
    ],
    bands: [{ series: [4, 3], fill: COLORS.band }],
    axes: [timeAxis, axis("load", "load")],
  });

  /** The replicas chart: what past runs decided, the plan now, and what the signals and forecast ask for. */
  NN.replicasChart = (el, getNow) => new Chart(el, {
    height: 240,
    sync: "preview",
    now: getNow,
    scales: { r: { auto: true, range: (u, min, max) => [0, Math.max(2, Math.ceil(max * 1.15))] } },
    series: [
      { label: "serving target", scale: "r", digits: 0, stroke: COLORS.desired, width: 2, paths: stepped(),
        points: { show: false } },
      { label: "provisioned", scale: "r", digits: 0, stroke: COLORS.provisioned, width: 2, paths: stepped(),
        points: { show: false } },
      { label: "warm", scale: "r", digits: 0, stroke: COLORS.warm, width: 1.5, paths: stepped(), points: { show: false } },
      { label: "reactive asks", scale: "r", digits: 0, stroke: COLORS.reactive, width: 1, dash: [3, 3], paths: stepped(),
        points: { show: false } },
      { label: "forecast asks", scale: "r", digits: 0, stroke: COLORS.predictive, width: 2, dash: [6, 4], paths: stepped(),
        points: { show: false } },
    ],
    axes: [timeAxis, axis("replicas", "r")],
  });

  /** The shadow replay: replicas needed by the recorded load and what each policy provisioned. */
  NN.shadowChart = (el) => new Chart(el, {
    height: 260,
    sync: "shadow",
    scales: { r: { auto: true, range: (u, min, max) => [0, Math.max(2, Math.ceil(max * 1.1))] } },
    series: [
      { label: "needed (load / target)", scale: "r", digits: 0, stroke: COLORS.needed, fill: "rgba(148,163,184,0.25)",
        width: 1, paths: stepped(), points: { show: false } },
      { label: "prediction on", scale: "r", digits: 0, stroke: COLORS.on, width: 1.5, paths: stepped(), points: { show: false } },
      { label: "prediction off", scale: "r", digits: 0, stroke: COLORS.off, width: 1.5, paths: stepped(),
        points: { show: false } },
    ],
    axes: [timeAxis, axis("replicas", "r")],
  });
})();
