// fleet's live web view: renders each message of /ui/events (the whole view plus recent events).
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  let machines = new Map();
  let previous = new Map();

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else if (k.startsWith("data-")) e.setAttribute(k, v); else e[k] = v;
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  // fleetctl's short form: the first 8 characters of the ID and the public IP
  function label(id) {
    const m = machines.get(id);
    const short = id.length > 8 ? id.slice(0, 8) : id;
    return m && m.publicIP ? short + "/" + m.publicIP : short;
  }

  function stateClass(active) {
    if (active === "active") return "active";
    if (active === "failed") return "failed";
    return "pending";
  }

  function renderMachines(view) {
    const most = Math.max(1, ...view.machines.map((m) => m.units));
    $("machines").replaceChildren(...view.machines.map((m) => el("div", { class: "card", "data-machine": m.id },
      el("div", {}, el("span", { class: "id", textContent: m.id.slice(0, 8) }),
        m.leader ? el("span", { class: "badge leader", textContent: "leader" }) : null,
        m.stopping ? el("span", { class: "badge stopping", textContent: "stopping" }) : null),
      el("div", { class: "ip", textContent: m.publicIP || "-" }),
      el("div", { class: "meta" }, ...Object.entries(m.metadata).map(([k, v]) => el("span", { textContent: k + "=" + v }))),
      el("div", { textContent: m.units + (m.units === 1 ? " unit" : " units") }),
      el("div", { class: "load" }, el("div", { style: "width:" + (100 * m.units / most) + "%" })))));
  }

  function renderUnits(view) {
    const next = new Map();
    const rows = view.units.map((u) => {
      const where = u.placements.map((p) => p.machine).join(" ");
      const state = u.placements.length === 0 ? "-"
        : u.placements.map((p) => p.active + "/" + p.sub).join(", ");
      const key = where + "|" + state + "|" + u.desired;
      next.set(u.name, key);
      const changed = previous.size > 0 && previous.get(u.name) !== key;
      return el("tr", { class: changed ? "changed" : "", "data-unit": u.name, "data-machine": where, "data-state": state },
        el("td", { class: "name", textContent: u.name + (u.global ? " (global)" : "") }),
        el("td", { "data-label": "desired", textContent: u.desired }),
        el("td", { "data-label": "state", class: stateClass(u.placements.length ? u.placements[0].active : ""), textContent: state }),
        el("td", { "data-label": "machine",
          textContent: u.placements.length ? u.placements.map((p) => label(p.machine)).join(", ")
            : (u.reason ? "not placed" : "-") }));
    });
    previous = next;
    $("units").tBodies[0].replaceChildren(...rows);
  }

  function renderUnplaceable(view) {
    const stuck = view.units.filter((u) => u.reason);
    $("unplaceable-section").hidden = stuck.length === 0;
    $("unplaceable").replaceChildren(...stuck.map((u) => el("div", { class: "card", "data-unplaceable": u.name },
      el("div", { class: "id", textContent: u.name }),
      // the engine's one-line summary only when it gave no reason per machine
      Object.keys(u.machineReasons).length === 0 ? el("div", { textContent: u.reason })
        : el("ul", {}, ...Object.entries(u.machineReasons).map(([m, why]) => el("li", { textContent: label(m) + ": " + why }))))));
  }

  function renderEvents(events) {
    $("events").replaceChildren(...events.map((e) => el("li", { "data-kind": e.kind },
      el("time", { textContent: new Date(e.at).toLocaleTimeString() }), e.text)));
  }

  function render(message) {
    const view = message.view;
    // the server leaves out what is empty or false
    for (const u of view.units) {
      u.placements = u.placements || [];
      u.reason = u.reason || "";
      u.machineReasons = u.machineReasons || {};
    }
    machines = new Map(view.machines.map((m) => [m.id, m]));
    const stuck = view.units.filter((u) => u.reason).length;
    $("summary").textContent = view.machines.length + " machines, " + view.units.length + " units"
      + (stuck ? ", " + stuck + " not placed" : "") + " · leader " + (view.leader ? label(view.leader) : "none")
      + " · revision " + view.revision;
    renderMachines(view);
    renderUnplaceable(view);
    renderUnits(view);
    renderEvents(message.events);
  }

  function live(on) {
    $("live").textContent = on ? "live" : "offline";
    $("live").classList.toggle("off", !on);
  }

  const source = new EventSource("/ui/events");
  source.addEventListener("view", (e) => { live(true); render(JSON.parse(e.data)); });
  source.addEventListener("open", () => live(true));
  source.addEventListener("error", () => live(false));
})();
