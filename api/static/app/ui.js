// Small DOM helpers and the sentences people read when something goes wrong.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const PLAIN = {
  UNAUTHENTICATED: "Your sign-in is no longer valid. Sign out and sign in again with a new link.",
  FORBIDDEN: "You may not do that with your sign-in.",
  GRAPH_UNAVAILABLE: "The network cannot be read right now. Try again in a moment.",
  REBUILDING: "The network is being rebuilt. Try again in a moment.",
  EVENT_STORE_UNAVAILABLE: "Nothing can be recorded right now. Try again in a moment.",
  INVALID_INPUT: "Some of what you entered cannot be used:",
  INTERNAL: "Something went wrong on our side; it has been logged.",
};

export function explain(error) {
  const lead = PLAIN[error.code];
  if (!lead) return error.message;
  if (error.code === "INVALID_INPUT") return `${lead} ${error.message}`;
  return lead;
}

export function errorBox(error) {
  return el("p", { class: "error", role: "alert" }, explain(error));
}

export function notice(text) {
  const box = document.getElementById("notices");
  const item = el("p", { class: "notice" }, text);
  box.append(item);
  setTimeout(() => item.remove(), 20000);
}

export function when(iso) {
  if (!iso) return "—";
  return new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short",
                                                     year: "numeric" });
}

export function pct(x) { return `${Math.round((x || 0) * 100)} %`; }

// Search-as-you-type over people (the API's `people(search:)`): a text input with a
// datalist of matches; `.personId` on the input is the chosen person's id.
export function personPicker(id, label, gql) {
  const list = el("datalist", { id: `${id}-options` });
  const input = el("input", { id, type: "search", list: `${id}-options`, autocomplete: "off",
                              required: true });
  const found = new Map();
  let timer = null;
  input.addEventListener("input", () => {
    input.personId = found.get(input.value) || null;
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2 || input.personId) return;
    timer = setTimeout(async () => {
      const data = await gql(`query($s: String!) { people(search: $s, first: 8) {
        items { id name headline } } }`, { s: text });
      list.replaceChildren();
      for (const p of data.people.items) {
        found.set(p.name, p.id);
        list.append(el("option", { value: p.name }, p.headline));
      }
      input.personId = found.get(input.value) || null;
    }, 150);
  });
  input.addEventListener("change", () => { input.personId = found.get(input.value) || null; });
  return { node: el("div", { class: "field" }, el("label", { for: id }, label), input, list),
           input };
}
