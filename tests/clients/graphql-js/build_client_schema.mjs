// Reads an introspection result ({"data": {...}} or its data) on stdin, builds the client
// schema with graphql-js and prints it as SDL; prints the introspection query with --query.
import { buildClientSchema, getIntrospectionQuery, printSchema, version } from "graphql";

if (process.argv.includes("--query")) {
  process.stdout.write(JSON.stringify({ version, query: getIntrospectionQuery() }));
} else {
  let input = "";
  process.stdin.setEncoding("utf8");
  for await (const chunk of process.stdin) input += chunk;
  const result = JSON.parse(input);
  const schema = buildClientSchema(result.data ?? result);
  process.stdout.write(printSchema(schema));
}
