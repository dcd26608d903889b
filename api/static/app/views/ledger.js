// My ledger: what I gave and received over time (a chart), help not yet thanked with a
// one-click thank-you, whom to call this week, my portfolio mix.
import { gql } from "../api.js";
import { el, errorBox, pct, when } from "../ui.js";

export const title = "My ledger";

const QUERY = `query($me: ID!, $asOf: DateTime) {
  ledger(person: $me, first: 100, asOf: $asOf) {
    items { eventId kind direction at note forEvent counterpart { id name } } }
  fadingTies(first: 5, asOf: $asOf) { items { person { name } strength peak lastAt } }
  portfolio(top: 3, asOf: $asOf) { mix { kind ties share } }
}`;

export async function render(body, state) {
  const data = await gql(QUERY, { me: state.me.personId, asOf: state.asOf });
  const entries = data.ledger.items;
  body.append(
    el("h2", {}, "Given and received, by month"), chart(entries),
    el("h2", {}, "Help not yet thanked"), unthanked(entries, state),
    el("h2", {}, "Whom to call this week"), fading(data.fadingTies.items),
    el("h2", {}, "Your portfolio"), mix(data.portfolio.mix));
}

function month(iso) { return iso ? iso.slice(0, 7) : "unknown"; }

function chart(entries) {
  const months = new Map();
  for (const e of entries) {
    if (e.kind === "THANKED") continue;
    const m = months.get(month(e.at)) || { gave: 0, received: 0 };
    m[e.direction === "GAVE" ? "gave" : "received"] += 1;
    months.set(month(e.at), m);
  }
  const keys = [...months.keys()].sort();
  if (!keys.length) return el("p", {}, "Nothing given or received yet.");
  const top = Math.max(1, ...keys.map((k) => Math.max(months.get(k).gave, months.get(k).received)));
  const bars = el("div", { class: "bars", "aria-hidden": "true" }, keys.map((k) =>
    el("div", { class: "bar", title: k },
      el("span", { class: "gave", style: `height:${(6 * months.get(k).gave) / top}rem` }),
      el("span", { class: "received",
                   style: `height:${(6 * months.get(k).received) / top}rem` }))));
  const table = el("table", {},
    el("caption", { class: "muted" }, "Green: given · blue: received"),
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Month"),
      el("th", { scope: "col" }, "Given"), el("th", { scope: "col" }, "Received"))),
    el("tbody", {}, keys.map((k) => el("tr", {}, el("td", {}, k),
      el("td", {}, months.get(k).gave), el("td", {}, months.get(k).received)))));
  return el("div", {}, bars, table);
}

function unthanked(entries, state) {
  const thanked = new Set(entries.filter((e) => e.kind === "THANKED" && e.direction === "GAVE")
    .map((e) => e.forEvent));
  const helps = entries.filter((e) => e.kind === "HELPED" && e.direction === "RECEIVED" &&
                                      !thanked.has(e.eventId));
  if (!helps.length) return el("p", {}, "You have thanked every help you received.");
  return el("ul", { class: "plain", id: "received-help" }, helps.map((e) => {
    const status = el("span", { role: "status" });
    const button = el("button", { type: "button", onclick: async () => {
      try {
        await gql(`mutation($t: ID!, $e: ID!) { thank(thanked: $t, forEvent: $e) {
          recorded { eventId } } }`, { t: e.counterpart.id, e: e.eventId });
        button.remove();
        status.textContent = " Thanked.";
        status.className = "ok";
      } catch (error) { status.replaceChildren(errorBox(error)); }
    } }, `Thank ${e.counterpart?.name}`);
    return el("li", { class: "item" },
      el("p", {}, `${e.counterpart?.name} helped you on ${when(e.at)}`,
        e.note ? `: ${e.note}` : "."), state.asOf ? "" : button, status);
  }));
}

function fading(items) {
  if (!items.length) return el("p", {}, "No strong tie is going cold.");
  return el("ul", {}, items.map((f) => el("li", {},
    `${f.person?.name}: ${pct(f.strength)} now, was ${pct(f.peak)}; last ${when(f.lastAt)}`)));
}

function mix(shares) {
  if (!shares.length) return el("p", {}, "No classified ties yet.");
  return el("table", {},
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Kind"),
      el("th", { scope: "col" }, "Ties"), el("th", { scope: "col" }, "Share of strength"))),
    el("tbody", {}, shares.map((s) => el("tr", {}, el("td", {}, s.kind.toLowerCase()),
      el("td", {}, s.ties), el("td", {}, pct(s.share))))));
}

