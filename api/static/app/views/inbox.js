// Broker inbox: requests waiting for me, with each requester's giving balance; accept,
// decline, make. New requests arrive live (the introductionRequested subscription).
import { gql, live } from "../api.js";
import { el, errorBox, notice, when } from "../ui.js";

export const title = "Broker inbox";

const QUERY = `query($asOf: DateTime) { pendingIntroductions(first: 50, asOf: $asOf) {
  items { id at path requester { name headline } target { name headline }
          requesterGiven requesterReceived requesterBalance } } }`;

export async function render(body, state) {
  const list = el("div", { id: "requests" });
  body.append(el("p", { class: "muted" }, "Requests people made of you as broker. ",
    "Their giving balance is what they gave minus what they received."), list);

  async function load() {
    const data = await gql(QUERY, { asOf: state.asOf });
    const items = data.pendingIntroductions.items;
    list.replaceChildren(...(items.length ? items.map((r) => card(r, state))
      : [el("p", {}, "No requests waiting for you.")]));
  }
  async function refreshBalances() {  // leaves the cards (and what was done on them) alone
    const data = await gql(QUERY, { asOf: state.asOf });
    for (const r of data.pendingIntroductions.items) {
      const shown = list.querySelector(`[data-id="${r.id}"] .balance`);
      if (shown) shown.textContent = balance(r);
    }
  }
  await load();
  if (state.asOf) return null;  // the past does not change
  // A new request is drawn from the subscription's answer at once, then the list is read
  // again for the requester's giving balance.
  return live.subscribe(`subscription { introductionRequested { id requesterPerson { name }
      targetPerson { name headline } } }`, {}, ({ data }) => {
    const request = data?.introductionRequested;
    if (!request) return;
    const empty = list.querySelector("p");
    if (empty && !list.querySelector("article")) empty.remove();
    list.append(card({ id: request.id, at: new Date().toISOString(),
                       requester: request.requesterPerson, target: request.targetPerson,
                       requesterBalance: null }, state));
    notice(`New introduction request from ${request.requesterPerson?.name || "someone"}.`);
    refreshBalances().catch(() => {});
  });
}

function balance(request) {
  if (request.requesterBalance === null) return "Reading their giving balance …";
  return `Giving balance ${request.requesterBalance >= 0 ? "+" : ""}` +
    `${request.requesterBalance} (gave ${request.requesterGiven}, ` +
    `received ${request.requesterReceived})`;
}

function card(request, state) {
  const id = `request-${request.id}`;
  const actions = el("div", { class: "row" });
  const status = el("p", { role: "status" });
  const box = el("article", { class: "item", "data-id": request.id, "aria-labelledby": id },
    el("h2", { id }, request.requester?.name || "Someone"),
    el("p", {}, `wants to meet ${request.target?.name}`,
      request.target?.headline ? ` (${request.target.headline})` : "",
      ` · asked ${when(request.at)}`),
    el("p", { class: "balance" }, balance(request)),
    actions, status);
  if (state.asOf) return box;
  const run = async (mutation, extra = "") => {
    const data = await gql(`mutation($i: ID!) { ${mutation}(introduction: $i${extra}) {
      introduction { status } } }`, { i: request.id });
    return data[mutation].introduction.status;
  };
  const make = el("button", { type: "button", onclick: async () => {
    try { await run("makeIntroduction"); status.textContent = "Introduction made."; actions.replaceChildren(); }
    catch (error) { status.replaceChildren(errorBox(error)); }
  } }, "Make the introduction");
  actions.append(
    el("button", { type: "button", onclick: async () => {
      try {
        await run("acceptIntroduction");
        status.textContent = "Accepted. Make the introduction when you are ready.";
        actions.replaceChildren(make);
        make.focus();
      } catch (error) { status.replaceChildren(errorBox(error)); }
    } }, "Accept"),
    el("button", { type: "button", class: "danger", onclick: async () => {
      try { await run("declineIntroduction"); status.textContent = "Declined."; actions.replaceChildren(); }
      catch (error) { status.replaceChildren(errorBox(error)); }
    } }, "Decline"),
    make);
  return box;
}
