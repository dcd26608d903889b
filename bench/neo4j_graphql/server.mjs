// The library a user would pick instead of Goodwill's API: @neo4j/graphql on Apollo Server,
// over the benchmark's graph. Its schema covers what bench/library_comparison.py compares:
// a person by id, and a person with a page of their ties (KNOWS is stored one way and read
// both ways, as Goodwill reads it). Settings from the environment: NEO4J_URI, NEO4J_USER,
// NEO4J_PASSWORD, PORT. Prints "ready <url>" once it listens.
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

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
`;

const driver = neo4j.driver(process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USER || "neo4j", process.env.NEO4J_PASSWORD));
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema });
const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(process.env.PORT || 4000) },
});
console.log(`ready ${url}`);
