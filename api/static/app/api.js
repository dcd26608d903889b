// The public GraphQL API: queries and mutations over HTTP, subscriptions over WebSocket
// (graphql-transport-ws). The token is kept in session storage, never in a URL.

const TOKEN_KEY = "goodwill.token";

export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  set token(value) {
    if (value) sessionStorage.setItem(TOKEN_KEY, value);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

export class ApiError extends Error {
  constructor(code, message) { super(message); this.code = code; }
}

// Answers that say "try again shortly": a read is asked again, twice at most, after 1 s
// and 2 s (a command is not: its answer says whether it was stored).
const PASSING = new Set(["GRAPH_UNAVAILABLE", "REBUILDING"]);
const RETRIES_MS = [1000, 2000];

export async function gql(query, variables = {}) {
  const reading = !/^\s*mutation\b/.test(query);
  for (const wait of [...RETRIES_MS, null]) {
    try {
      return await ask(query, variables);
    } catch (error) {
      if (!reading || wait === null || !PASSING.has(error.code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

async function ask(query, variables) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json",
               authorization: `Bearer ${session.token}` },
    body: JSON.stringify({ query, variables }),
  });
  let body;
  try { body = await response.json(); } catch {
    throw new ApiError("HTTP_" + response.status, "The server did not answer as expected.");
  }
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    throw new ApiError(first.extensions?.code || "ERROR", first.message);
  }
  if (body.error) throw new ApiError(body.error.code, body.error.message);
  return body.data;
}

// One socket for every subscription of the page; re-opened after it drops.
class Live {
  constructor() { this.socket = null; this.next = 1; this.handlers = new Map(); }

  open() {
    if (this.socket) return;
    const url = location.origin.replace(/^http/, "ws") + "/graphql";
    const socket = new WebSocket(url, "graphql-transport-ws");
    this.socket = socket;
    this.ready = new Promise((resolve) => {
      socket.addEventListener("open", () => socket.send(JSON.stringify({
        type: "connection_init", payload: { authorization: `Bearer ${session.token}` } })));
      socket.addEventListener("message", (event) => {
        const message = JSON.parse(event.data);
        if (message.type === "connection_ack") resolve();
        else if (message.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
        else if (message.type === "next") this.handlers.get(message.id)?.next(message.payload);
        else if (message.type === "error") this.handlers.get(message.id)?.error(message.payload);
      });
    });
    socket.addEventListener("close", () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (session.token && this.handlers.size) setTimeout(() => this.reopen(), 2000);
    });
  }

  reopen() {  // the same ids again, so each view's way to stop its subscription still works
    this.open();
    for (const [id, h] of this.handlers) this.send(id, h);
  }

  send(id, { query, variables }) {
    this.ready.then(() => this.socket?.send(JSON.stringify(
      { id, type: "subscribe", payload: { query, variables } })));
  }

  subscribe(query, variables, next, error = () => {}) {
    this.open();
    const id = String(this.next++);
    const handler = { query, variables, next, error };
    this.handlers.set(id, handler);
    this.send(id, handler);
    return () => {
      this.handlers.delete(id);
      if (this.socket?.readyState === WebSocket.OPEN) {
        this.socket.send(JSON.stringify({ id, type: "complete" }));
      }
    };
  }

  close() {
    const socket = this.socket;
    this.socket = null;
    this.handlers.clear();
    socket?.close(1000);
  }
}

export const live = new Live();
