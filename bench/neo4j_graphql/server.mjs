// The library a user would pick instead of Goodwill's API: @neo4j/graphql on Apollo Server,
// over the benchmark's graph. Its schema covers what bench/library_comparison.py compares:
// a person by id, a person with a page of their ties (KNOWS is stored one way and read both
// ways, as Goodwill reads it), and warm introductions as one @cypher statement
// (cypher/bench/anchor_warm_introductions.cypher). Settings from the environment: NEO4J_URI, NEO4J_USER,
// NEO4J_PASSWORD, PORT. Prints "ready <url>" once it listens.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { readFileSync } from "node:fs";
import neo4j from "neo4j-driver";

const warmStatement = readFileSync(
  new URL("../../cypher/bench/anchor_warm_introductions.cypher", import.meta.url), "utf8")
  .split("\n").filter((line) => !line.startsWith("//")).join("\n");

const typeDefs = `#graphql
  type Person @node {
    id: ID!
    name: String
    headline: String
    knows: [Person!]! @relationship(type: "KNOWS", direction: OUT, queryDirection: UNDIRECTED,
                                    properties: "Knows")
  }
  type Knows @relationshipProperties {
    since: DateTime
    last_at: DateTime
  }
  type WarmPath {
    people: [ID!]!
    warmth: Float!
  }
  type Query {
    warmIntroductions(source: ID!, target: ID!, first: Int!, t: Float!, epochUnix: Float!,
                      halfLife: Float!, k: Float!, rMin: Float!, prior: Float!): [WarmPath!]!
      @cypher(statement: """${warmStatement}""", columnName: "path")
  }
`;

const driver = neo4j.driver(process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USER || "neo4j", process.env.NEO4J_PASSWORD));
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PORT || 4000) },
});
console.log(`ready ${url}`);
