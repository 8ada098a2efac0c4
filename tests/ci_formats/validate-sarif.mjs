// Validates SARIF files against a SARIF 2.1.0 JSON schema (draft-04, as the OASIS errata 01
// schema is, or draft-07) with ajv, and checks three rules of Microsoft's SARIF Multitool that the
// schema cannot express (run-sarif-multitool.sh runs the Multitool itself):
//   SARIF1004  an artifactLocation's relative uri must not begin with '/', a uri with a uriBaseId
//              must be relative, and each originalUriBaseIds uri must be absolute and end in '/';
//   SARIF1001  a rule's name, when present, must differ from its id;
//   SARIF2005  tool.driver must have an informationUri (and a name, and a version).
// Usage: node validate-sarif.mjs SCHEMA FILE...
import { readFileSync } from "node:fs";
import Ajv07 from "ajv";
import Ajv04 from "ajv-draft-04";
import addFormats from "ajv-formats";

const [schemaPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
const Ajv = String(schema.$schema).includes("draft-04") ? Ajv04 : Ajv07;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const hasScheme = (uri) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri);

// Every artifactLocation in the document, with its JSON path.
function* artifactLocations(node, path) {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* artifactLocations(node[i], `${path}/${i}`);
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "artifactLocation") yield [value, `${path}/${key}`];
      yield* artifactLocations(value, `${path}/${key}`);
    }
  }
}

function multitoolRules(doc) {
  const problems = [];
  for (const [loc, path] of artifactLocations(doc, "")) {
    if (typeof loc.uri !== "string") continue;
    if (!hasScheme(loc.uri) && loc.uri.startsWith("/")) problems.push(`SARIF1004 ${path}: relative uri begins with '/': ${loc.uri}`);
    if (loc.uriBaseId && hasScheme(loc.uri)) problems.push(`SARIF1004 ${path}: absolute uri with a uriBaseId: ${loc.uri}`);
  }
  (doc.runs || []).forEach((run, r) => {
    for (const [id, base] of Object.entries(run.originalUriBaseIds || {})) {
      if (!hasScheme(base.uri || "") || !String(base.uri).endsWith("/")) {
        problems.push(`SARIF1004 /runs/${r}/originalUriBaseIds/${id}: uri must be absolute and end in '/': ${base.uri}`);
      }
    }
    const driver = run.tool?.driver || {};
    if (!driver.informationUri) problems.push(`SARIF2005 /runs/${r}/tool/driver: no informationUri`);
    if (!driver.name || !(driver.version || driver.semanticVersion)) problems.push(`SARIF2005 /runs/${r}/tool/driver: no name or version`);
    (driver.rules || []).forEach((rule, i) => {
      if (rule.name !== undefined && rule.name === rule.id) problems.push(`SARIF1001 /runs/${r}/tool/driver/rules/${i}: name equals id ${rule.id}`);
    });
  });
  return problems;
}

let failed = 0;
for (const file of files) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  const problems = validate(doc) ? [] : validate.errors.map((e) => `schema ${e.instancePath} ${e.message}`);
  problems.push(...multitoolRules(doc));
  if (problems.length === 0) {
    console.log(`valid: ${file}`);
  } else {
    failed++;
    console.log(`INVALID: ${file}`);
    for (const p of problems) console.log(`  ${p}`);
  }
}
console.log(`${files.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
