// Small helpers shared by the page's scripts: DOM, numbers, times, and the API client.
"use strict";

const NN = window.NN || (window.NN = {});

NN.$ = (id) => document.getElementById(id);

/** Sets an element's text; null and undefined show as an en dash. */
NN.text = (id, value) => {
  NN.$(id).textContent = value === null || value === undefined || value === "" ? "–" : String(value);
};

NN.el = (tag, attrs, ...children) => {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === "class") {
      e.className = v;
    } else {
      e.setAttribute(k, v);
    }
  });
  children.filter((c) => c !== null && c !== undefined).forEach((c) =>
    e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c));
  return e;
};

/** A number with at most `digits` decimals, thousands separated; null as an en dash. */
NN.num = (v, digits = 1) => {
  if (v === null || v === undefined || !isFinite(v)) {
    return "–";
  }
  return Number(v).toLocaleString("en-US", { maximumFractionDigits: digits });
};

/** A number with exactly `digits` decimals (a confidence beside its minimum: 0.60, not 0.6). */
NN.fixed = (v, digits) => (v === null || v === undefined || !isFinite(v) ? "–" : Number(v).toFixed(digits));

NN.pct = (v, digits = 1) => (v === null || v === undefined || !isFinite(v) ? "–" : NN.num(v, digits) + "%");

NN.seconds = (iso) => (iso ? Date.parse(iso) / 1000 : null);

/** A time as HH:MM (local), with the date when it is not today. */
NN.time = (iso) => {
  if (!iso) {
    return "–";
  }
  const d = new Date(iso);
  const hm = d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  const today = new Date();
  return d.toDateString() === today.toDateString() ? hm
    : d.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short" }) + " " + hm;
};

/** A UTC date and time, such as "Fri 27 Nov 00:00 UTC". */
NN.utc = (iso) => {
  if (!iso) {
    return "–";
  }
  const d = new Date(iso);
  return d.toLocaleDateString("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }) + " "
    + d.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";
};

/** The service's clock at the last preview (its "at"), so that "ago" does not depend on the browser's clock. */
NN.serverNow = null;

/** How long ago, in words, against `nowMs`, else the service's clock, else the browser's. */
NN.ago = (iso, nowMs) => {
  if (!iso) {
    return "";
  }
  const now = nowMs || (NN.serverNow === null ? Date.now() : NN.serverNow);
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 90) {
    return s + " s ago";
  }
  if (s < 5400) {
    return Math.round(s / 60) + " min ago";
  }
  if (s < 172800) {
    return Math.round(s / 3600) + " h ago";
  }
  return Math.round(s / 86400) + " days ago";
};

/** An API error: the HTTP status and the server's message (its JSON {"error": ...} when there is one). */
class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}
NN.ApiError = ApiError;

/** GETs a path of this service (relative to the page) as JSON; throws ApiError for a non-2xx answer. */
NN.get = async (path) => {
  let res;
  try {
    res = await fetch(path, { headers: { Accept: "application/json" }, cache: "no-store" });
  } catch (e) {
    throw new ApiError(0, "the service does not answer (" + e.message + ")");
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    body = null;
  }
  if (!res.ok) {
    const msg = body && body.error ? body.error : "HTTP " + res.status;
    throw new ApiError(res.status, msg, body);
  }
  return { status: res.status, body };
};
