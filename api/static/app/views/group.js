// A group: members and leader, clients with their concierge, givers and takers in it, who
// bridges (brokerage).
import { gql } from "../api.js";
import { el, when } from "../ui.js";

export const title = "A group";

export async function render(body, state) {
  const groups = (await gql(`{ groups(first: 50) { items { id name } } }`)).groups.items;
  if (!groups.length) { body.append(el("p", {}, "There are no groups yet.")); return; }
  const select = el("select", { id: "group" },
    groups.map((g) => el("option", { value: g.id }, g.name)));
  const detail = el("div", { "aria-live": "polite" });
  body.append(el("div", { class: "field" }, el("label", { for: "group" }, "Group"), select),
              detail);
  const show = async () => {
    const data = await gql(`query($g: ID!, $asOf: DateTime) {
      groups(first: 50) { items { id name purpose
        members(first: 100) { items { role since person { id name headline } } }
        clients(first: 100) { items { since services client { id name }
                                      concierge { id name } } } } }
      influencers(within: {group: $g}, first: 20, asOf: $asOf) {
        items { person { id name } given received balance brokerage } } }`,
    { g: select.value, asOf: state.asOf });
    const group = data.groups.items.find((g) => g.id === select.value);
    const people = data.influencers.items;
    const bridges = [...people].sort((a, b) => b.brokerage - a.brokerage).slice(0, 3)
      .filter((p) => p.brokerage > 0);
    detail.replaceChildren(
      el("p", {}, group.purpose),
      el("h2", {}, "Members"),
      el("ul", {}, group.members.items.map((m) => el("li", {},
        `${m.person?.name}${m.role === "leader" ? " (leader)" : ""} · since ${when(m.since)}`))),
      el("h2", {}, "Clients"),
      group.clients.items.length
        ? el("ul", { id: "clients" }, group.clients.items.map((c) => el("li", {},
          `${c.client?.name} · concierge ${c.concierge?.name} · since ${when(c.since)} · `
          + `served ${c.services} time${c.services === 1 ? "" : "s"}`)))
        : el("p", {}, "No clients brought yet."),
      el("h2", {}, "Givers and takers"),
      el("table", {},
        el("thead", {}, el("tr", {}, ["Person", "Gave", "Received", "Balance"].map((h) =>
          el("th", { scope: "col" }, h)))),
        el("tbody", {}, people.map((p) => el("tr", {}, el("td", {}, p.person?.name),
          el("td", {}, p.given), el("td", {}, p.received),
          el("td", {}, p.balance > 0 ? `+${p.balance} giver` : p.balance < 0
            ? `${p.balance} taker` : "0"))))),
      el("h2", {}, "Who bridges"),
      bridges.length ? el("ul", {}, bridges.map((p) => el("li", {},
        `${p.person?.name} (brokerage ${p.brokerage.toFixed(2)})`)))
        : el("p", {}, "No one bridges yet (scores come from the influence job)."));
  };
  select.addEventListener("change", show);
  await show();
}
