// Sign-in, the view router (#/network …) and the time control; each view is a module.
import { gql, live, session } from "./api.js";
import { el, errorBox, notice } from "./ui.js";
import * as network from "./views/network.js";
import * as find from "./views/find.js";
import * as inbox from "./views/inbox.js";
import * as ledger from "./views/ledger.js";
import * as group from "./views/group.js";
import * as record from "./views/record.js";

const VIEWS = { network, find, inbox, ledger, group, record };
const main = document.getElementById("main");
export const state = { me: null, asOf: null };

function takeTokenFromLink() {
  // `goodwill token create --link` puts the token in the fragment, never sent to the server.
  const match = location.hash.match(/^#token=([^&]+)/);
  if (!match) return;
  session.token = decodeURIComponent(match[1]);
  history.replaceState(null, "", location.pathname + "#/network");
}

function signInView(problem) {
  const input = el("textarea", { id: "token", rows: 3, required: true,
                                 "aria-describedby": "token-help" });
  const form = el("form", { class: "card", onsubmit: (event) => {
    event.preventDefault();
    session.token = input.value.trim();
    location.hash = "#/network";
    start();
  } },
    el("div", { class: "field" },
      el("label", { for: "token" }, "Your sign-in token"),
      el("p", { id: "token-help", class: "muted" },
        "Paste the token you were given (it starts with gw1.), or open the sign-in link. ",
        "It is kept in this browser tab only, until you sign out."),
      input),
    el("button", { type: "submit" }, "Sign in"));
  main.replaceChildren(el("h1", {}, "Sign in to Goodwill"), problem ? errorBox(problem) : "",
                       form);
  for (const id of ["nav", "time", "who", "sign-out"]) document.getElementById(id).hidden = true;
  input.focus();
}

function signOut() {
  session.token = null;
  live.close();
  state.me = null;
  history.replaceState(null, "", location.pathname);
  signInView();
}

function followMine() {
  live.subscribe(`subscription { myRequestUpdated { event introduction { id status
      broker { name } } } }`, {}, ({ data }) => {
    const update = data?.myRequestUpdated;
    if (!update || update.event === "IntroductionRequested") return;
    const broker = update.introduction.broker?.name || "The broker";
    notice(`${broker} ${{ IntroductionAccepted: "accepted", IntroductionDeclined: "declined",
                          IntroductionMade: "made" }[update.event]} your introduction request.`);
    if (currentView() === "network") render();
  });
  live.subscribe(`subscription { thanksReceived { thanker { name } } }`, {}, ({ data }) => {
    if (data?.thanksReceived) notice(`${data.thanksReceived.thanker?.name} thanked you.`);
  });
}

function currentView() {
  const name = location.hash.replace(/^#\//, "").split("?")[0];
  return VIEWS[name] ? name : "network";
}

let leave = null;
let generation = 0;  // a newer render makes an older one's result stale
export async function render() {
  const mine = ++generation;
  const name = currentView();
  for (const link of document.querySelectorAll("nav a")) {
    if (link.getAttribute("href") === `#/${name}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  if (leave) { leave(); leave = null; }
  const view = VIEWS[name];
  document.title = `${view.title} · Goodwill`;
  const body = el("div");
  main.replaceChildren(el("h1", {}, view.title), body);
  try {
    const stop = (await view.render(body, state)) || null;
    if (mine === generation) leave = stop;
    else if (stop) stop();
  } catch (error) {
    body.replaceChildren(errorBox(error));
  }
}

async function start() {
  takeTokenFromLink();
  if (!session.token) { signInView(); return; }
  try {
    const data = await gql(`{ me { role personId person { name } } }`);
    state.me = data.me;
  } catch (error) {
    session.token = null;
    signInView(error);
    return;
  }
  if (!state.me.personId) {
    session.token = null;
    signInView({ code: "FORBIDDEN", message: "" });
    return;
  }
  for (const id of ["nav", "time", "who", "sign-out"]) document.getElementById(id).hidden = false;
  document.getElementById("who").textContent = `Signed in as ${state.me.person?.name || "you"}`;
  followMine();
  await render();
}

document.getElementById("sign-out").addEventListener("click", signOut);
const asOf = document.getElementById("as-of");
asOf.addEventListener("change", () => {
  // the end of the chosen day, in UTC: "as it stood that day"
  state.asOf = asOf.value ? `${asOf.value}T23:59:59Z` : null;
  render();
});
document.getElementById("now").addEventListener("click", () => {
  asOf.value = "";
  state.asOf = null;
  render();
});
document.getElementById("time").addEventListener("submit", (e) => e.preventDefault());
window.addEventListener("hashchange", () => {
  if (location.hash.startsWith("#token=")) start();
  else if (session.token && state.me) { render(); main.focus(); }
});
start();
