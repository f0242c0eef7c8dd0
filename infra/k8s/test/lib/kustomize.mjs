// A minimal kustomize renderer: exactly the kustomization features infra/k8s uses, so that the
// validation runs on a machine without kustomize or kubectl. Anything else in a kustomization
// (generators, labels, replicas, $patch directives, ...) is an error, not silently ignored:
// extend this file when the manifests start using it. validate.mjs compares the result with
// `kubectl kustomize` / `kustomize build` wherever one of them is installed.
//
// Supported: resources (files and directories), components, namespace, patches (JSON 6902 or
// strategic merge; inline or path; target by group/version/kind/name(regex)/namespace/
// labelSelector(a=b,...)), images (name -> newName/newTag/digest).
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";

const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const SUPPORTED = new Set(["apiVersion", "kind", "namespace", "resources", "components", "patches", "images"]);
const CLUSTER_SCOPED = new Set([
  "Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume",
  "StorageClass", "PriorityClass", "IngressClass", "ValidatingWebhookConfiguration",
  "MutatingWebhookConfiguration", "APIService", "Node", "RuntimeClass", "CSIDriver",
]);
// Strategic merge keys of the lists the manifests patch (Kubernetes' patchMergeKey); lists
// without an entry are replaced whole, as in Kubernetes.
const MERGE_KEYS = {
  containers: "name", initContainers: "name", ephemeralContainers: "name", env: "name",
  volumes: "name", imagePullSecrets: "name", volumeMounts: "mountPath", ports: "containerPort",
};

export function isClusterScoped(kind) {
  return CLUSTER_SCOPED.has(kind);
}

function readKustomization(dir) {
  for (const f of KUSTOMIZATION_FILES) {
    const p = path.join(dir, f);
    if (fs.existsSync(p)) {
      return { file: p, k: YAML.parse(fs.readFileSync(p, "utf8")) ?? {} };
    }
  }
  throw new Error(`no kustomization file in ${dir}`);
}

export function parseYamlDocs(text, where) {
  const docs = YAML.parseAllDocuments(text);
  const out = [];
  for (const d of docs) {
    if (d.errors.length) throw new Error(`${where}: ${d.errors[0].message}`);
    const v = d.toJS();
    if (v === null || v === undefined) continue;
    if (typeof v !== "object" || Array.isArray(v) || !v.kind || !v.apiVersion || !v.metadata?.name) {
      throw new Error(`${where}: a document is not a Kubernetes object (apiVersion, kind, metadata.name)`);
    }
    out.push(v);
  }
  return out;
}

const clone = (x) => structuredClone(x);

function buildDir(dir, asComponent) {
  const { file, k } = readKustomization(dir);
  for (const key of Object.keys(k)) {
    if (!SUPPORTED.has(key)) throw new Error(`${file}: '${key}' is not supported by test/lib/kustomize.mjs`);
  }
  const wantKind = asComponent ? "Component" : "Kustomization";
  if ((k.kind ?? "Kustomization") !== wantKind) throw new Error(`${file}: expected kind ${wantKind}, found ${k.kind}`);
  return { file, k, dir, apply };

  function apply(acc) {
    for (const r of k.resources ?? []) {
      const p = path.resolve(dir, r);
      if (!fs.existsSync(p)) throw new Error(`${file}: resource ${r} not found`);
      if (fs.statSync(p).isDirectory()) {
        acc.push(...renderFull(p));
      } else {
        acc.push(...parseYamlDocs(fs.readFileSync(p, "utf8"), p));
      }
    }
    for (const c of k.components ?? []) {
      const p = path.resolve(dir, c);
      buildDir(p, true).apply(acc);
    }
    for (const patch of k.patches ?? []) applyPatch(acc, patch, dir, file);
    if (k.namespace) {
      for (const o of acc) {
        if (!isClusterScoped(o.kind)) o.metadata.namespace = k.namespace;
      }
    }
    for (const img of k.images ?? []) applyImage(acc, img);
    return acc;
  }
}

function renderFull(dir) {
  const b = buildDir(dir, false);
  const acc = b.apply([]);
  checkUnique(acc, b.file);
  return acc;
}

/** Renders the kustomization in dir: the objects `kustomize build dir` prints (in its order or not). */
export function render(dir) {
  return renderFull(path.resolve(dir));
}

export function idOf(o) {
  return `${o.apiVersion} ${o.kind} ${o.metadata.namespace ? o.metadata.namespace + "/" : ""}${o.metadata.name}`;
}

function checkUnique(objs, file) {
  const seen = new Set();
  for (const o of objs) {
    const id = `${o.apiVersion.split("/").length > 1 ? o.apiVersion.split("/")[0] : ""}|${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`;
    if (seen.has(id)) throw new Error(`${file}: duplicate object ${idOf(o)}`);
    seen.add(id);
  }
}

function splitApiVersion(apiVersion) {
  const parts = apiVersion.split("/");
  return parts.length === 1 ? { group: "", version: parts[0] } : { group: parts[0], version: parts[1] };
}

function matches(o, target) {
  const { group, version } = splitApiVersion(o.apiVersion);
  for (const key of Object.keys(target)) {
    if (!["group", "version", "kind", "name", "namespace", "labelSelector"].includes(key)) {
      throw new Error(`patch target field '${key}' is not supported by test/lib/kustomize.mjs`);
    }
  }
  const full = (re, s) => new RegExp(`^(?:${re})$`).test(s ?? "");
  if (target.group !== undefined && target.group !== group) return false;
  if (target.version !== undefined && target.version !== version) return false;
  if (target.kind !== undefined && !full(target.kind, o.kind)) return false;
  if (target.name !== undefined && !full(target.name, o.metadata.name)) return false;
  if (target.namespace !== undefined && !full(target.namespace, o.metadata.namespace)) return false;
  if (target.labelSelector !== undefined) {
    for (const term of target.labelSelector.split(",")) {
      const m = term.trim().match(/^([^=!]+)==?(.*)$/);
      if (!m) throw new Error(`labelSelector '${target.labelSelector}': only a=b terms are supported`);
      if ((o.metadata.labels ?? {})[m[1].trim()] !== m[2].trim()) return false;
    }
  }
  return true;
}

function applyPatch(acc, patch, dir, file) {
  let text;
  if (patch.path) text = fs.readFileSync(path.resolve(dir, patch.path), "utf8");
  else if (patch.patch) text = patch.patch;
  else throw new Error(`${file}: a patch needs path or patch`);
  if (patch.options) throw new Error(`${file}: patch options are not supported`);
  const body = YAML.parse(text);
  let target = patch.target;
  if (Array.isArray(body)) {
    if (!target) throw new Error(`${file}: a JSON 6902 patch needs a target`);
  } else if (!target) {
    target = { kind: body.kind, name: body.metadata?.name };
  }
  const hits = acc.filter((o) => matches(o, target));
  if (hits.length === 0) throw new Error(`${file}: patch target ${JSON.stringify(target)} matches nothing`);
  for (const o of hits) {
    const i = acc.indexOf(o);
    if (Array.isArray(body)) {
      acc[i] = jsonPatch(o, body, `${file} (${idOf(o)})`);
    } else {
      const b = clone(body);
      // The patch's own identity fields do not rename the target.
      delete b.apiVersion;
      delete b.kind;
      if (b.metadata) {
        delete b.metadata.name;
        delete b.metadata.namespace;
      }
      acc[i] = strategicMerge(o, b, "");
    }
  }
}

// ---- JSON 6902 ----
function pointer(p) {
  if (p === "") return [];
  if (!p.startsWith("/")) throw new Error(`bad JSON pointer ${p}`);
  return p.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function getAt(doc, tokens, where) {
  let cur = doc;
  for (const t of tokens) {
    if (cur === null || typeof cur !== "object" || !(t in cur)) throw new Error(`${where}: path /${tokens.join("/")} does not exist`);
    cur = cur[t];
  }
  return cur;
}

function jsonPatch(obj, ops, where) {
  const doc = clone(obj);
  for (const op of ops) {
    const tokens = pointer(op.path);
    const parent = getAt(doc, tokens.slice(0, -1), where);
    const last = tokens[tokens.length - 1];
    switch (op.op) {
      case "add":
        if (Array.isArray(parent)) {
          const idx = last === "-" ? parent.length : Number(last);
          if (!(idx >= 0 && idx <= parent.length)) throw new Error(`${where}: add index ${last} out of range`);
          parent.splice(idx, 0, clone(op.value));
        } else {
          parent[last] = clone(op.value);
        }
        break;
      case "replace":
        getAt(doc, tokens, where);
        parent[last] = clone(op.value);
        break;
      case "remove":
        getAt(doc, tokens, where);
        if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete parent[last];
        break;
      case "test":
        if (JSON.stringify(getAt(doc, tokens, where)) !== JSON.stringify(op.value)) throw new Error(`${where}: test ${op.path} failed`);
        break;
      default:
        throw new Error(`${where}: JSON patch op '${op.op}' is not supported`);
    }
  }
  return doc;
}

// ---- strategic merge (the subset: maps merge, null deletes, keyed lists merge) ----
function strategicMerge(dst, patch, field) {
  if (patch === null) return undefined;
  if (Array.isArray(patch)) {
    const key = MERGE_KEYS[field];
    if (!key || !Array.isArray(dst)) return clone(patch);
    const out = dst.map(clone);
    const added = [];
    for (const item of patch) {
      if (item && typeof item === "object" && "$patch" in item) throw new Error("$patch directives are not supported");
      const i = out.findIndex((d) => d && item && d[key] === item[key]);
      if (i >= 0) out[i] = strategicMerge(out[i], item, "");
      else added.push(clone(item));
    }
    // kustomize (kyaml merge2) puts the patch's new elements first.
    return [...added, ...out];
  }
  if (patch && typeof patch === "object") {
    if ("$patch" in patch) throw new Error("$patch directives are not supported");
    const out = dst && typeof dst === "object" && !Array.isArray(dst) ? clone(dst) : {};
    for (const [k, v] of Object.entries(patch)) {
      const merged = strategicMerge(out[k], v, k);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  return patch;
}

// ---- images ----
function podSpecOf(o) {
  switch (o.kind) {
    case "Pod": return o.spec;
    case "CronJob": return o.spec?.jobTemplate?.spec?.template?.spec;
    default: return o.spec?.template?.spec;
  }
}

export function containersOf(o) {
  const spec = podSpecOf(o);
  if (!spec) return [];
  return [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
}

export function parseImage(image) {
  let rest = image;
  let digest;
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { name: rest, tag, digest };
}

function applyImage(acc, img) {
  for (const o of acc) {
    for (const c of containersOf(o)) {
      const p = parseImage(c.image);
      if (p.name !== img.name) continue;
      const name = img.newName ?? p.name;
      if (img.digest) c.image = `${name}@${img.digest}`;
      else if (img.newTag) c.image = `${name}:${img.newTag}`;
      else c.image = `${name}${p.tag ? ":" + p.tag : ""}${p.digest ? "@" + p.digest : ""}`;
    }
  }
}
