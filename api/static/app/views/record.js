// Record what happened: a meeting, a help, a referral and its outcome. The API's errors
// are shown in words a person understands (ui.explain).
import { gql } from "../api.js";
import { el, errorBox, personPicker } from "../ui.js";

export const title = "Record what happened";

export async function render(body, state) {
  if (state.asOf) {
    body.append(el("p", {}, "You are looking at the past. Choose “Now” to record something."));
    return;
  }
  body.append(meeting(state), help(state), referral(state), outcome());
}

function section(id, heading, fields, submit, label) {
  const status = el("div", { role: "status" });
  const form = el("form", { class: "card", "aria-labelledby": id, onsubmit: async (event) => {
    event.preventDefault();
    status.replaceChildren();
    try {
      status.replaceChildren(el("p", { class: "ok" }, await submit()));
      form.reset();
    } catch (error) {
      status.replaceChildren(errorBox(error));
    }
  } }, el("h2", { id }, heading), ...fields, el("button", { type: "submit" }, label), status);
  return form;
}

function chosen(picker) {
  if (!picker.input.personId) {
    throw { code: "", message: "Choose a person from the suggestions as you type their name." };
  }
  return picker.input.personId;
}

function textField(id, label, attributes = {}) {
  const input = el(attributes.rows ? "textarea" : "input", { id, ...attributes });
  return { node: el("div", { class: "field" }, el("label", { for: id }, label), input), input };
}

function meeting(state) {
  const who = personPicker("meeting-with", "Whom you met", gql);
  const context = textField("meeting-context", "Where, or what about");
  return section("record-meeting", "A meeting", [who.node, context.node], async () => {
    await gql(`mutation($a: ID!, $b: ID!, $c: String!) { recordMeeting(a: $a, b: $b,
      context: $c) { recorded { eventId } } }`,
    { a: state.me.personId, b: chosen(who), c: context.input.value });
    return `Meeting with ${who.input.value} recorded.`;
  }, "Record the meeting");
}

function help(state) {
  const who = personPicker("help-to", "Whom you helped", gql);
  const kind = textField("help-kind", "What kind of help (advice, a contact, work …)",
                         { value: "advice" });
  const note = textField("help-note", "What it was (private to the two of you)", { rows: 2 });
  return section("record-help", "A help you gave", [who.node, kind.node, note.node], async () => {
    await gql(`mutation($g: ID!, $r: ID!, $k: String!, $n: String!) { recordHelp(giver: $g,
      receiver: $r, kind: $k, note: $n) { recorded { eventId } } }`,
    { g: state.me.personId, r: chosen(who), k: kind.input.value || "advice",
      n: note.input.value });
    return `Help to ${who.input.value} recorded. It counts once they confirm or thank it.`;
  }, "Record the help");
}

function referral() {
  const who = personPicker("referral-to", "Whom you refer business to", gql);
  const prospect = textField("referral-prospect", "The prospect's name");
  const note = textField("referral-note", "Note (private to the two of you)", { rows: 2 });
  return section("record-referral", "A referral", [who.node, prospect.node, note.node],
    async () => {
      const data = await gql(`mutation($r: ID!, $p: String!, $n: String!) {
        giveReferral(receiver: $r, prospectName: $p, note: $n) { recorded { aggregateId } } }`,
      { r: chosen(who), p: prospect.input.value, n: note.input.value });
      return `Referral recorded (its id: ${data.giveReferral.recorded.aggregateId}).`;
    }, "Record the referral");
}

function outcome() {
  const id = textField("outcome-referral", "Referral id (the receiver records its outcome)",
                       { required: true });
  const result = el("select", { id: "outcome-result" },
    el("option", { value: "accept" }, "accepted"), el("option", { value: "close" }, "won business"),
    el("option", { value: "lose" }, "lost"), el("option", { value: "decline" }, "declined"));
  const value = textField("outcome-value", "Value (EUR, when business came of it)",
                          { type: "number", min: "0", step: "any" });
  const fields = [id.node, el("div", { class: "field" },
    el("label", { for: "outcome-result" }, "What came of it"), result), value.node];
  return section("record-outcome", "A referral's outcome", fields, async () => {
    const r = id.input.value.trim();
    const mutations = {
      accept: ["acceptReferral(referral: $r)", {}],
      close: ["closeReferral(referral: $r, value: $v)", { v: Number(value.input.value) }],
      lose: ["loseReferral(referral: $r)", {}],
      decline: ["declineReferral(referral: $r)", {}],
    };
    const [call, extra] = mutations[result.value];
    const vars = result.value === "close" ? "($r: ID!, $v: Float!)" : "($r: ID!)";
    await gql(`mutation${vars} { ${call} { recorded { eventId } } }`, { r, ...extra });
    return "Outcome recorded.";
  }, "Record the outcome");
}
