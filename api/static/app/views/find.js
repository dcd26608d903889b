// Find a warm introduction: to a person (search as you type), an organization or a tag;
// the top paths, each hop with why; ask the broker along the chosen path.
import { gql } from "../api.js";
import { el, errorBox, personPicker, pct } from "../ui.js";

export const title = "Find a warm introduction";

const QUERY = `query($from: ID!, $to: IntroductionTarget!, $asOf: DateTime) {
  warmIntroductions(from: $from, to: $to, maxHops: 3, first: 3, asOf: $asOf) {
    items { warmth pathIds broker { id name acceptsIntroductions } people { name }
      hops { from { name } to { name } explanation } } } }`;

export async function render(body, state) {
  const kind = el("select", { id: "target-kind" },
    el("option", { value: "person" }, "a person"),
    el("option", { value: "organization" }, "an organization"),
    el("option", { value: "tag" }, "people tagged"));
  const person = personPicker("target-person", "Who", gql);
  const text = el("input", { id: "target-text", type: "text" });
  const textField = el("div", { class: "field", hidden: true },
    el("label", { for: "target-text" }, "Which"), text);
  const results = el("section", { "aria-label": "Warm paths", "aria-live": "polite" });
  kind.addEventListener("change", () => {
    const isPerson = kind.value === "person";
    person.node.hidden = !isPerson; person.input.required = isPerson;
    textField.hidden = isPerson; text.required = !isPerson;
  });
  const form = el("form", { class: "card", onsubmit: async (event) => {
    event.preventDefault();
    let to;
    if (kind.value === "person") {
      if (!person.input.personId) {
        results.replaceChildren(errorBox({ code: "", message:
          "Choose a person from the suggestions as you type their name." }));
        return;
      }
      to = { person: person.input.personId };
    } else {
      to = { [kind.value]: text.value.trim() };
    }
    results.replaceChildren(el("p", { class: "muted" }, "Looking for warm paths …"));
    try {
      const data = await gql(QUERY, { from: state.me.personId, to, asOf: state.asOf });
      showPaths(results, data.warmIntroductions.items, to, state);
    } catch (error) {
      results.replaceChildren(errorBox(error));
    }
  } },
    el("div", { class: "row" },
      el("div", { class: "field" }, el("label", { for: "target-kind" }, "Meet"), kind),
      person.node, textField,
      el("div", { class: "field" }, el("button", { type: "submit" }, "Find warm paths"))));
  body.append(form, results);
  person.input.focus();
}

function showPaths(results, paths, to, state) {
  if (!paths.length) {
    results.replaceChildren(el("p", {}, "No warm path within three steps. Meet more people, ",
      "or ask someone you know well to introduce you."));
    return;
  }
  results.replaceChildren(...paths.map((path, index) => {
    const ask = el("div");
    const broker = path.broker;
    const item = el("article", { class: "item", "aria-labelledby": `path-${index}` },
      el("h3", { id: `path-${index}` }, path.people.map((p) => p.name).join(" → ")),
      el("p", { class: "muted" }, `Warmth ${pct(path.warmth)} · ask ${broker?.name}`),
      el("ol", { class: "hops" }, path.hops.map((hop) =>
        el("li", {}, el("strong", {}, `${hop.from.name} → ${hop.to.name}: `), hop.explanation))),
      broker?.acceptsIntroductions === false
        ? el("p", { class: "muted" }, `${broker.name} does not take introduction requests.`)
        : el("button", { type: "button", onclick: () => askForm(ask, path, state) },
             `Ask ${broker?.name} for this introduction`),
      ask);
    return item;
  }));
}

function askForm(box, path, state) {
  const id = `message-${path.pathIds.join("").slice(0, 12)}`;
  const message = el("textarea", { id, rows: 3 });
  box.replaceChildren(el("form", { onsubmit: async (event) => {
    event.preventDefault();
    try {
      await gql(`mutation($t: ID!, $b: ID!, $p: [ID!], $m: String!) {
        requestIntroduction(target: $t, broker: $b, path: $p, message: $m) {
          recorded { aggregateId } } }`, {
        t: path.pathIds[path.pathIds.length - 1], b: path.broker.id, p: path.pathIds,
        m: message.value });
      box.replaceChildren(el("p", { class: "ok", role: "status" },
        `Request sent to ${path.broker.name}.`));
    } catch (error) {
      box.append(errorBox(error));
    }
  } },
    el("div", { class: "field" },
      el("label", { for: id }, `Your message to ${path.broker.name}`), message),
    el("button", { type: "submit" }, "Send the request")));
  message.focus();
}
