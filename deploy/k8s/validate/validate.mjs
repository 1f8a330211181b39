// Validates every object of the given YAML files against kubernetes-models (JSON schemas generated from Kubernetes'
// OpenAPI): required fields, types and enum values. Prints one line per object; exits 1 if any is invalid.
//   npm install --prefix deploy/k8s/validate && node deploy/k8s/validate/validate.mjs FILE.yaml...
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

let bad = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const o = doc.toJS();
    if (o == null) continue;
    const where = `${file}: ${o.kind}/${o.metadata?.name}`;
    try {
      const Model = (await import(`kubernetes-models/${o.apiVersion}`))[o.kind];
      if (typeof Model !== "function") throw new Error(`no kind ${o.kind} in ${o.apiVersion}`);
      new Model(o).validate();
      console.log(`ok   ${where}`);
    } catch (e) {
      console.log(`FAIL ${where}: ${e.message}`);
      bad++;
    }
  }
}
process.exit(bad ? 1 : 0);
