// My network: me, my ties (a bounded page) and optionally their ties, drawn with
// Cytoscape.js; a list beside it for keyboard and screen-reader use; a card per person.
import cytoscape from "../vendor/cytoscape/cytoscape.esm.min.mjs";
import { gql } from "../api.js";
import { el, errorBox, pct, when } from "../ui.js";

export const title = "My network";
const PAGE = 25;  // ties per page: the ego network stays bounded on any network
const SECOND = 5;  // ties of each tie, with the second degree
const COLOURS = { PERSONAL: "#b3261e", FUNCTIONAL: "#0b5cad", STRATEGIC: "#6a3fa0" };

const QUERY = `query($me: ID!, $first: Int!, $after: String, $asOf: DateTime,
                     $second: Boolean!, $secondFirst: Int!) {
  person(id: $me) { id name
    ties(first: $first, after: $after, asOf: $asOf) {
      pageInfo { hasNextPage endCursor }
      items { strength relationship { kind lastAt }
        other { id name headline organization
          ties(first: $secondFirst, asOf: $asOf) @include(if: $second) {
            items { strength other { id name } } } } } } }
  fadingTies(first: 20, asOf: $asOf) { items { person { id } } }
}`;

export async function render(body, state) {
  const me = state.me.personId;
  const second = el("input", { type: "checkbox", id: "second" });
  const graph = el("div", { class: "graph", role: "img",
                            "aria-label": "Drawing of your ties; the list beside it has the same people" });
  const list = el("ul", { class: "plain", id: "ties" });
  const card = el("section", { class: "card", id: "card", "aria-live": "polite",
                               "aria-label": "Person card" },
                  el("p", { class: "muted" }, "Choose a person to see their card."));
  const more = el("button", { type: "button", class: "quiet", hidden: true }, "More ties");
  body.append(
    el("p", { class: "muted" }, state.asOf ? `As it stood on ${when(state.asOf)}.` :
       "Width is how strong a tie is today; colour is its kind; dashed ties are going cold."),
    el("div", { class: "row" }, el("div", {}, second,
       el("label", { for: "second" }, " Show the second degree"))),
    el("ul", { class: "legend", "aria-label": "Legend" },
      el("li", {}, el("span", { class: "swatch kind-personal" }), "personal"),
      el("li", {}, el("span", { class: "swatch kind-functional" }), "functional"),
      el("li", {}, el("span", { class: "swatch kind-strategic" }), "strategic"),
      el("li", {}, el("span", { class: "swatch kind-none" }), "not classified"),
      el("li", {}, el("span", { class: "swatch cold" }), "going cold")),
    el("div", { class: "split" }, graph,
       el("div", {}, el("h2", {}, "Ties"), list, more, card)));

  const cy = cytoscape({
    container: graph, maxZoom: 1.6, minZoom: 0.2,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, color: "#1b1f24",
                                   "background-color": "#8a94a3", width: 18, height: 18 } },
      { selector: "node.me", style: { "background-color": "#1b1f24", width: 26, height: 26 } },
      { selector: "node.far", style: { "background-color": "#c9ced6", width: 12, height: 12 } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)",
                                   "curve-style": "haystack", opacity: 0.85 } },
      { selector: "edge.cold", style: { "line-style": "dashed" } },
      { selector: "edge.far", style: { "line-color": "#c9ced6", opacity: 0.6 } },
    ],
  });
  cy.on("tap", "node", (event) => showCard(card, me, event.target.id(), state));

  let after = null;
  const seen = new Set([me]);
  async function load() {
    const data = await gql(QUERY, { me, first: PAGE, after, asOf: state.asOf,
                                    second: second.checked, secondFirst: SECOND });
    const cold = new Set(data.fadingTies.items.map((f) => f.person?.id));
    if (!after) cy.add({ data: { id: me, label: data.person.name }, classes: "me" });
    for (const tie of data.person.ties.items) {
      const other = tie.other;
      if (!other) continue;
      if (!seen.has(other.id)) {
        seen.add(other.id);
        cy.add({ data: { id: other.id, label: other.name } });
      } else {
        cy.getElementById(other.id).removeClass("far");
      }
      const kind = tie.relationship.kind;
      cy.add({ data: { id: `${me}-${other.id}`, source: me, target: other.id,
                       width: 1 + 9 * tie.strength, colour: COLOURS[kind] || "#4a5360" },
               classes: cold.has(other.id) ? "cold" : "" });
      list.append(el("li", {}, el("button", { type: "button", class: "quiet",
        onclick: () => showCard(card, me, other.id, state) }, other.name),
        ` ${kind ? kind.toLowerCase() : "not classified"} · strength ${pct(tie.strength)}`,
        cold.has(other.id) ? " · going cold" : ""));
      for (const far of other.ties?.items || []) {
        if (!far.other || far.other.id === me) continue;
        if (!seen.has(far.other.id)) {
          seen.add(far.other.id);
          cy.add({ data: { id: far.other.id, label: far.other.name }, classes: "far" });
        }
        const id = [other.id, far.other.id].sort().join("-");
        if (cy.getElementById(id).empty()) {
          cy.add({ data: { id, source: other.id, target: far.other.id,
                           width: 1 + 4 * far.strength, colour: "#c9ced6" }, classes: "far" });
        }
      }
    }
    if (!data.person.ties.items.length && !after) {
      list.append(el("li", { class: "muted" }, "No ties yet."));
    }
    after = data.person.ties.pageInfo.endCursor;
    more.hidden = !data.person.ties.pageInfo.hasNextPage;
    cy.layout({ name: "cose", animate: false, randomize: false, padding: 40 }).run();
  }
  more.addEventListener("click", () => load().catch((e) => list.append(errorBox(e))));
  second.addEventListener("change", () => {
    cy.elements().remove(); list.replaceChildren(); seen.clear(); seen.add(me); after = null;
    load().catch((e) => list.append(errorBox(e)));
  });
  await load();
  return () => cy.destroy();
}

async function showCard(card, me, id, state) {
  const data = await gql(`query($id: ID!, $me: ID!, $asOf: DateTime, $self: Boolean!) {
    person(id: $id) { name headline organization given(asOf: $asOf) received(asOf: $asOf) }
    relationship(a: $me, b: $id, asOf: $asOf) @skip(if: $self) { connected interactions
      since lastAt history(first: 5) { items { kind at } } } }`,
  { id, me, asOf: state.asOf, self: id === me });
  const p = data.person;
  const r = data.relationship;
  card.replaceChildren(
    el("h2", {}, p.name),
    el("p", {}, p.headline, p.organization ? ` · ${p.organization}` : ""),
    el("p", {}, `Gave ${p.given} · received ${p.received}`),
    id === me ? "" : el("p", {}, r.connected
      ? `You know each other since ${when(r.since)}; ${r.interactions} interactions, ` +
        `last ${when(r.lastAt)}.` : "You are not connected."),
    r?.history.items.length ? el("ul", {}, r.history.items.map((h) =>
      el("li", {}, `${h.kind.toLowerCase()} · ${when(h.at)}`))) : "");
}
