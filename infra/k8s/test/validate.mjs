// Validates the Kubernetes manifests of infra/k8s, offline:
//   cd infra/k8s/test && npm ci && node validate.mjs
//
// 1. Renders every target (the overlays, the base, and a fixture that adds every optional
//    component) with lib/kustomize.mjs; where `kubectl` or `kustomize` is installed it also
//    renders with it and requires the same objects.
// 2. Validates every object against its schema: Kubernetes kinds with kubernetes-models (the
//    Kubernetes OpenAPI schemas), Strimzi kinds with @kubernetes-models/strimzi-kafka-operator
//    (the Strimzi CRD schemas), PodMonitor with @kubernetes-models/prometheus-operator. A kind
//    without a schema is an error.
// 3. Rejects unknown fields (the schemas allow them; the API server would drop them silently):
//    every object becomes a typed object literal that TypeScript checks for excess properties.
// 4. Checks what no schema knows: a KafkaTopic for every topic of Topics.java with its
//    partitions and configs, the Kafka bootstrap address, selectors, probe paths, ports,
//    references to ConfigMaps/Secrets/Services, HPAs and PDBs, media on the host network, ...
//
// Prints each object checked; exits 1 on any problem.
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import YAML from "yaml";
import { render, idOf, containersOf, isClusterScoped, parseImage } from "./lib/kustomize.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const K8S = path.resolve(HERE, "..");
const REPO = path.resolve(K8S, "../..");
const TOPICS_JAVA = path.join(REPO, "services/events/src/main/java/io/carillon/events/Topics.java");

// What is rendered and checked. "production" targets must not carry Secrets (created by hand).
const TARGETS = [
  { dir: "base", secretsInGit: false },
  { dir: "overlays/dev", secretsInGit: true },
  { dir: "overlays/production", secretsInGit: false, production: true },
  { dir: "test/fixtures/all-components", secretsInGit: false, production: true },
];
const NAMESPACE = "carillon";
// Secrets an operator creates by hand before applying (README.md, "Secrets"); optional ones
// (secretKeyRef.optional) need not exist either.
const SECRETS_CREATED_BY_HAND = new Set(["carillon-meeting-access-keys", "carillon-turn", "carillon-tls"]);
// The four services: their HTTP port must be the one of their application.properties.
const SERVICES = ["meeting-service", "signaling-service", "token-service", "media-service"];
const STATELESS = ["meeting-service", "signaling-service", "token-service"];

const problems = [];
let checked = 0;
function fail(where, msg) {
  problems.push(`${where}: ${msg}`);
  console.log(`  FAIL ${where}: ${msg}`);
}

// ---------------------------------------------------------------- Topics.java
/** The TopicSpecs of Topics.java: name, partitions, config (Long.toString(a * b) evaluated). */
export function parseTopicsJava(src) {
  const specs = [];
  const re = /new\s+TopicSpec\s*\(/g;
  let m;
  while ((m = re.exec(src))) {
    let depth = 1;
    let i = re.lastIndex;
    const start = i;
    for (; i < src.length && depth > 0; i++) {
      if (src[i] === "(") depth++;
      else if (src[i] === ")") depth--;
    }
    const args = splitTopLevel(src.slice(start, i - 1));
    if (args.length !== 3) throw new Error(`Topics.java: cannot read TopicSpec(${args.join(", ")})`);
    const name = javaString(args[0]);
    const partitions = Number(args[1].trim());
    const mapMatch = args[2].trim().match(/^Map\.of\(([\s\S]*)\)$/);
    if (!mapMatch) throw new Error(`Topics.java: config of ${name} is not Map.of(...)`);
    const kv = mapMatch[1].trim() === "" ? [] : splitTopLevel(mapMatch[1]);
    const config = {};
    for (let j = 0; j < kv.length; j += 2) config[javaString(kv[j])] = javaValue(kv[j + 1], name);
    specs.push({ name, partitions, config });
  }
  return specs;
}

function splitTopLevel(s) {
  const out = [];
  let depth = 0;
  let inStr = false;
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inStr) {
      cur += c;
      if (c === "\\") cur += s[++i];
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (c === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else {
      cur += c;
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function javaString(s) {
  const m = s.trim().match(/^"((?:[^"\\]|\\.)*)"$/);
  if (!m) throw new Error(`Topics.java: expected a string literal, found ${s}`);
  return m[1];
}

function javaValue(s, topic) {
  s = s.trim();
  if (s.startsWith('"')) return javaString(s);
  const m = s.match(/^(?:Long|Integer)\.toString\(([\dL\s*+]+)\)$/);
  if (!m) throw new Error(`Topics.java: cannot evaluate config value ${s} of ${topic}`);
  const sum = m[1].split("+").map((term) => term.split("*").reduce((p, f) => p * BigInt(f.trim().replace(/L$/, "")), 1n));
  return sum.reduce((a, b) => a + b, 0n).toString();
}

// ---------------------------------------------------------------- schemas
const MODULES = {
  "v1": "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "autoscaling/v2": "kubernetes-models/autoscaling/v2",
  "networking.k8s.io/v1": "kubernetes-models/networking.k8s.io/v1",
  "rbac.authorization.k8s.io/v1": "kubernetes-models/rbac.authorization.k8s.io/v1",
  "kafka.strimzi.io/v1beta2": "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
};

async function modelClass(o) {
  const mod = MODULES[o.apiVersion];
  if (!mod) return null;
  const m = await import(mod);
  const cls = m[o.kind];
  return cls && cls.apiVersion === o.apiVersion && cls.kind === o.kind ? { cls, mod } : null;
}

async function schemaCheck(o, where) {
  const found = await modelClass(o);
  if (!found) {
    fail(where, `no schema for ${o.apiVersion} ${o.kind} (add its model package to test/package.json and MODULES)`);
    return null;
  }
  try {
    new found.cls(structuredClone(o)).validate();
  } catch (e) {
    fail(where, `schema: ${e.message}`);
  }
  return found;
}

/**
 * Unknown fields: one typed object literal per object, checked by the TypeScript compiler's
 * excess-property check against the models' interfaces. Returns the number of objects checked.
 */
async function unknownFieldCheck(entries) {
  // The compiler API of TypeScript 5 (TypeScript 7 has none): package.json pins it.
  const ts = (await import("typescript")).default;
  const dir = path.join(HERE, ".generated");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "objects.mts");
  const lines = [];
  const owners = [];
  entries.forEach(({ o, mod, where }, i) => {
    lines.push(`import type { I${o.kind} as T${i} } from "${mod}";`);
  });
  entries.forEach(({ o, where }, i) => {
    const start = lines.length;
    const body = JSON.stringify(o, null, 2).split("\n");
    lines.push(`export const o${i}: T${i} = ${body[0]}`, ...body.slice(1, -1), `${body[body.length - 1]};`);
    owners.push({ start, end: lines.length, where });
  });
  fs.writeFileSync(file, lines.join("\n") + "\n");
  const program = ts.createProgram([file], {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const diags = ts.getPreEmitDiagnostics(program);
  for (const d of diags) {
    const msg = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (!d.file || path.resolve(d.file.fileName) !== file) {
      fail("typescript", msg);
      continue;
    }
    const line = d.file.getLineAndCharacterOfPosition(d.start).line;
    const owner = owners.find((w) => line >= w.start && line < w.end);
    fail(owner ? owner.where : `${file}:${line + 1}`, `unknown or mistyped field: ${msg}`);
  }
  return entries.length;
}

// ---------------------------------------------------------------- cross-check with kustomize
function externalRenderer() {
  for (const [cmd, args] of [["kustomize", ["build"]], ["kubectl", ["kustomize"]]]) {
    try {
      execFileSync(cmd, cmd === "kubectl" ? ["version", "--client"] : ["version"], { stdio: "ignore" });
      return { cmd, args };
    } catch {
      // not installed
    }
  }
  return null;
}

function crossCheck(renderer, dir, mine) {
  const out = execFileSync(renderer.cmd, [...renderer.args, dir], { encoding: "utf8", maxBuffer: 64 << 20 });
  const theirs = YAML.parseAllDocuments(out).map((d) => d.toJS()).filter(Boolean);
  const a = new Map(mine.map((o) => [idOf(o), o]));
  const b = new Map(theirs.map((o) => [idOf(o), o]));
  let same = true;
  for (const [id, o] of b) {
    if (!a.has(id)) { fail(dir, `${renderer.cmd} renders ${id}, lib/kustomize.mjs does not`); same = false; }
    else if (!isDeepStrictEqual(a.get(id), o)) { fail(dir, `${id} differs from ${renderer.cmd}'s rendering`); same = false; }
  }
  for (const id of a.keys()) {
    if (!b.has(id)) { fail(dir, `lib/kustomize.mjs renders ${id}, ${renderer.cmd} does not`); same = false; }
  }
  return same;
}

// ---------------------------------------------------------------- semantic checks
const byKind = (objs, kind) => objs.filter((o) => o.kind === kind);
const find = (objs, kind, name) => objs.find((o) => o.kind === kind && o.metadata.name === name);
// A LabelSelector (matchLabels/matchExpressions) or a plain map (Service.spec.selector).
const selects = (selector, labels) => {
  const isLabelSelector = selector && ("matchLabels" in selector || "matchExpressions" in selector);
  const plain = isLabelSelector ? selector.matchLabels ?? {} : selector ?? {};
  const exprs = isLabelSelector ? selector.matchExpressions ?? [] : [];
  return Object.entries(plain).every(([k, v]) => (labels ?? {})[k] === v) && exprs.every((e) =>
    e.operator === "In" ? e.values.includes((labels ?? {})[e.key])
      : e.operator === "NotIn" ? !e.values.includes((labels ?? {})[e.key])
        : e.operator === "Exists" ? e.key in (labels ?? {}) : !(e.key in (labels ?? {})));
};
const workloads = (objs) => objs.filter((o) => ["Deployment", "DaemonSet", "StatefulSet"].includes(o.kind));
const serviceName = (w) => w.metadata.labels?.["app.kubernetes.io/name"];
const isCarillonImage = (c) => SERVICES.some((s) => parseImage(c.image).name.endsWith(`carillon/${s}`));

function envValue(container, name) {
  const e = (container.env ?? []).find((x) => x.name === name);
  return e;
}

function appProperty(service, key) {
  const p = path.join(REPO, service, "src/main/resources/application.properties");
  const line = fs.readFileSync(p, "utf8").split("\n").find((l) => l.startsWith(`${key}=`));
  return line?.slice(key.length + 1).trim();
}

function semanticChecks(t, objs, topicSpecs) {
  const W = t.dir;
  // Namespace: every namespaced object in it, and the Namespace itself rendered.
  if (!find(objs, "Namespace", NAMESPACE)) fail(W, `no Namespace ${NAMESPACE}`);
  for (const o of objs) {
    if (!isClusterScoped(o.kind) && o.metadata.namespace !== NAMESPACE) fail(W, `${idOf(o)} is not in namespace ${NAMESPACE}`);
  }

  // Kafka (Strimzi, KRaft, node pools).
  const kafkas = byKind(objs, "Kafka");
  if (kafkas.length !== 1) return fail(W, `expected one Kafka, found ${kafkas.length}`);
  const kafka = kafkas[0];
  const K = `${W} Kafka ${kafka.metadata.name}`;
  for (const a of ["strimzi.io/kraft", "strimzi.io/node-pools"]) {
    if (kafka.metadata.annotations?.[a] !== "enabled") fail(K, `annotation ${a}: enabled missing`);
  }
  if (kafka.spec.zookeeper) fail(K, "spec.zookeeper set: KRaft clusters have none");
  if (!kafka.spec.entityOperator?.topicOperator) fail(K, "no topic operator: the KafkaTopics would do nothing");
  const pools = byKind(objs, "KafkaNodePool").filter((p) => p.metadata.labels?.["strimzi.io/cluster"] === kafka.metadata.name);
  if (!pools.length) fail(K, "no KafkaNodePool labelled strimzi.io/cluster for it");
  const roles = new Set(pools.flatMap((p) => p.spec.roles));
  if (!roles.has("controller") || !roles.has("broker")) fail(K, "node pools lack the controller or the broker role");
  const brokers = pools.filter((p) => p.spec.roles.includes("broker")).reduce((n, p) => n + p.spec.replicas, 0);
  for (const p of pools) {
    const vols = p.spec.storage?.type === "jbod" ? p.spec.storage.volumes : [p.spec.storage];
    if (!vols?.length || vols.some((v) => v.type !== "persistent-claim")) fail(`${W} KafkaNodePool ${p.metadata.name}`, "storage is not persistent-claim");
  }
  // README's first-install recipe applies the Kafka objects alone by this label.
  for (const o of objs.filter((x) => x.apiVersion.startsWith("kafka.strimzi.io/"))) {
    if (o.metadata.labels?.["app.kubernetes.io/component"] !== "kafka") fail(`${W} ${o.kind} ${o.metadata.name}`, "label app.kubernetes.io/component=kafka missing (README.md applies Kafka first by it)");
  }
  const cfg = kafka.spec.kafka.config ?? {};
  const rf = Number(cfg["default.replication.factor"] ?? 1);
  if (rf > brokers) fail(K, `default.replication.factor ${rf} > ${brokers} brokers`);
  if (Number(cfg["min.insync.replicas"] ?? 1) > rf) fail(K, "min.insync.replicas > default.replication.factor");
  if (Number(cfg["offsets.topic.replication.factor"] ?? 3) > brokers) fail(K, `offsets.topic.replication.factor > ${brokers} brokers`);
  const plain = kafka.spec.kafka.listeners.find((l) => l.type === "internal" && !l.tls);
  if (!plain) fail(K, "no plain internal listener for the services");
  const bootstrap = `${kafka.metadata.name}-kafka-bootstrap:${plain?.port}`;

  // Topics: one KafkaTopic per TopicSpec, partitions >= Topics.java, same configs.
  const topics = byKind(objs, "KafkaTopic");
  for (const spec of topicSpecs) {
    const kt = topics.filter((x) => (x.spec?.topicName ?? x.metadata.name) === spec.name);
    const T = `${W} topic ${spec.name}`;
    if (kt.length !== 1) { fail(T, `${kt.length} KafkaTopics for it (Topics.java defines it)`); continue; }
    const k = kt[0];
    if (k.metadata.labels?.["strimzi.io/cluster"] !== kafka.metadata.name) fail(T, `label strimzi.io/cluster is not ${kafka.metadata.name}`);
    if (!(k.spec.partitions >= spec.partitions)) fail(T, `partitions ${k.spec.partitions} < ${spec.partitions} of Topics.java (services create it with those; partitions never shrink)`);
    if (!(k.spec.replicas >= 1 && k.spec.replicas <= brokers)) fail(T, `replicas ${k.spec.replicas} not within 1..${brokers} brokers`);
    for (const [key, value] of Object.entries(spec.config)) {
      if (String(k.spec.config?.[key]) !== value) fail(T, `config ${key} is ${k.spec.config?.[key]}, Topics.java says ${value}`);
    }
    for (const key of Object.keys(k.spec.config ?? {})) {
      if (!(key in spec.config)) fail(T, `config ${key} is not in Topics.java (add it there first)`);
    }
  }
  for (const k of topics) {
    const name = k.spec?.topicName ?? k.metadata.name;
    if (!topicSpecs.some((s) => s.name === name)) fail(`${W} KafkaTopic ${k.metadata.name}`, "not a topic of Topics.java");
  }
  const media = topics.find((x) => (x.spec?.topicName ?? x.metadata.name) === "carillon.media-requests");
  if (t.production && media && media.spec.partitions < 12) fail(W, `carillon.media-requests has ${media.spec.partitions} partitions: too few media instances per region for production (>= 12)`);

  // ConfigMap carillon-common: the bootstrap address and the replication factor.
  const common = find(objs, "ConfigMap", "carillon-common");
  if (!common) fail(W, "no ConfigMap carillon-common");
  else {
    if (common.data.KAFKA_BOOTSTRAP_SERVERS !== bootstrap) fail(W, `KAFKA_BOOTSTRAP_SERVERS ${common.data.KAFKA_BOOTSTRAP_SERVERS} is not ${bootstrap}`);
    const crf = Number(common.data.CARILLON_KAFKA_TOPICS_REPLICATION_FACTOR);
    if (!(crf >= 1 && crf <= brokers)) fail(W, `CARILLON_KAFKA_TOPICS_REPLICATION_FACTOR ${crf} not within 1..${brokers}`);
    if (common.data.QUARKUS_HTTP_HOST !== "0.0.0.0") fail(W, "QUARKUS_HTTP_HOST is not 0.0.0.0 (Quarkus listens on loopback otherwise)");
  }

  // Workloads.
  const ws = workloads(objs);
  for (const s of SERVICES) {
    if (!ws.some((w) => serviceName(w) === s)) fail(W, `no workload for ${s}`);
  }
  for (const w of ws) {
    const WW = `${W} ${w.kind} ${w.metadata.name}`;
    const tpl = w.spec.template;
    if (!selects(w.spec.selector, tpl.metadata?.labels)) fail(WW, "selector does not match the pod template's labels");
    const pod = tpl.spec;
    if (pod.securityContext?.runAsNonRoot !== true) fail(WW, "pod securityContext.runAsNonRoot is not true");
    const volumes = new Set((pod.volumes ?? []).map((v) => v.name));
    for (const v of pod.volumes ?? []) {
      if (v.configMap && !find(objs, "ConfigMap", v.configMap.name) && !v.configMap.optional && v.configMap.name !== "kube-root-ca.crt") fail(WW, `volume ${v.name}: no ConfigMap ${v.configMap.name}`);
      if (v.secret) checkSecretRef(v.secret.secretName, v.secret.optional, WW);
      for (const src of v.projected?.sources ?? []) {
        if (src.configMap && !find(objs, "ConfigMap", src.configMap.name) && src.configMap.name !== "kube-root-ca.crt") fail(WW, `volume ${v.name}: no ConfigMap ${src.configMap.name}`);
      }
    }
    for (const c of containersOf(w)) {
      const C = `${WW} container ${c.name}`;
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) fail(C, "resources: cpu and memory requests and a memory limit are required");
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) fail(C, "allowPrivilegeEscalation is not false");
      if (!(sc.capabilities?.drop ?? []).includes("ALL")) fail(C, "capabilities do not drop ALL");
      for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) fail(C, `volumeMount ${m.name}: no such volume`);
      for (const ef of c.envFrom ?? []) {
        if (ef.configMapRef && !find(objs, "ConfigMap", ef.configMapRef.name) && !ef.configMapRef.optional) fail(C, `envFrom: no ConfigMap ${ef.configMapRef.name}`);
        if (ef.secretRef) checkSecretRef(ef.secretRef.name, ef.secretRef.optional, C);
      }
      const defined = new Set();
      for (const e of c.env ?? []) {
        for (const ref of (e.value ?? "").matchAll(/(?<!\$)\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
          if (!defined.has(ref[1])) fail(C, `env ${e.name} refers to $(${ref[1]}), not defined before it`);
        }
        defined.add(e.name);
        const cm = e.valueFrom?.configMapKeyRef;
        if (cm && !cm.optional) {
          const m = find(objs, "ConfigMap", cm.name);
          if (!m || !(cm.key in (m.data ?? {}))) fail(C, `env ${e.name}: no key ${cm.key} in ConfigMap ${cm.name}`);
        }
        const sk = e.valueFrom?.secretKeyRef;
        if (sk) checkSecretRef(sk.name, sk.optional, C, sk.key);
      }
    }
    const main = pod.containers.find((c) => isCarillonImage(c));
    if (!main) continue;
    const svc = serviceName(w);
    const C = `${WW} container ${main.name}`;
    // Port: the one of the service's application.properties, served as port "http".
    const wantPort = Number(appProperty(svc, "quarkus.http.port"));
    const http = (main.ports ?? []).find((p) => p.name === "http");
    if (!http || http.containerPort !== wantPort) fail(C, `port "http" is not ${wantPort} (quarkus.http.port of ${svc})`);
    if (envValue(main, "QUARKUS_HTTP_PORT")?.value !== String(wantPort)) fail(C, `QUARKUS_HTTP_PORT is not ${wantPort}`);
    for (const [probe, p] of [["readinessProbe", "/q/health/ready"], ["livenessProbe", "/q/health/live"]]) {
      if (main[probe]?.httpGet?.path !== p) fail(C, `${probe} is not GET ${p}`);
      else if (main[probe].httpGet.port !== "http" && main[probe].httpGet.port !== wantPort) fail(C, `${probe} is not on the http port`);
    }
    if (!(main.envFrom ?? []).some((e) => e.configMapRef?.name === "carillon-common")) fail(C, "no envFrom carillon-common (Kafka bootstrap)");
    const ann = tpl.metadata?.annotations ?? {};
    if (ann["prometheus.io/scrape"] !== "true" || ann["prometheus.io/path"] !== "/q/metrics" || ann["prometheus.io/port"] !== String(wantPort)) fail(WW, "prometheus.io/scrape, /port, /path annotations missing or wrong");
    if (STATELESS.includes(svc)) {
      if (w.kind !== "Deployment") fail(WW, "a stateless service should be a Deployment");
      const hpa = byKind(objs, "HorizontalPodAutoscaler").find((h) => h.spec.scaleTargetRef.kind === w.kind && h.spec.scaleTargetRef.name === w.metadata.name);
      if (!hpa) fail(WW, "no HorizontalPodAutoscaler");
      else {
        if (w.spec.replicas !== undefined) fail(WW, "spec.replicas set although an HPA owns the count (every apply would reset it)");
        if (!(hpa.spec.minReplicas >= 1 && hpa.spec.minReplicas <= hpa.spec.maxReplicas)) fail(`${W} HPA ${hpa.metadata.name}`, "minReplicas not within 1..maxReplicas");
        if (!(hpa.spec.metrics ?? []).some((m) => m.type === "Resource" && m.resource?.name === "cpu")) fail(`${W} HPA ${hpa.metadata.name}`, "no CPU metric");
        if (t.production && hpa.spec.minReplicas < 2) fail(`${W} HPA ${hpa.metadata.name}`, "production with fewer than 2 replicas");
      }
      const pdb = byKind(objs, "PodDisruptionBudget").find((p) => selects(p.spec.selector, tpl.metadata.labels));
      if (!pdb) fail(WW, "no PodDisruptionBudget");
      else if (pdb.spec.minAvailable !== undefined && hpa && pdb.spec.minAvailable >= hpa.spec.minReplicas) fail(`${W} PDB ${pdb.metadata.name}`, `minAvailable ${pdb.spec.minAvailable} >= minReplicas ${hpa.spec.minReplicas}: node drains would block`);
    }
    if (svc === "media-service") checkMedia(w, main, WW);
    if (svc === "meeting-service") checkMeetingConfig(objs, main, C);
  }
  for (const hpa of byKind(objs, "HorizontalPodAutoscaler")) {
    const r = hpa.spec.scaleTargetRef;
    if (!find(objs, r.kind, r.name)) fail(`${W} HPA ${hpa.metadata.name}`, `target ${r.kind} ${r.name} does not exist`);
  }
  for (const pdb of byKind(objs, "PodDisruptionBudget")) {
    if (!ws.some((w) => selects(pdb.spec.selector, w.spec.template.metadata.labels))) fail(`${W} PDB ${pdb.metadata.name}`, "selects no workload");
    if (pdb.spec.minAvailable !== undefined && pdb.spec.maxUnavailable !== undefined) fail(`${W} PDB ${pdb.metadata.name}`, "both minAvailable and maxUnavailable");
  }

  // Services select pods and target their named ports.
  for (const s of byKind(objs, "Service")) {
    const S = `${W} Service ${s.metadata.name}`;
    const targets = ws.filter((w) => selects(s.spec.selector, w.spec.template.metadata.labels));
    if (!targets.length) { fail(S, "selects no workload"); continue; }
    for (const p of s.spec.ports) {
      const tp = p.targetPort ?? p.port;
      const ok = targets.every((w) => containersOf(w).some((c) => (c.ports ?? []).some((cp) => (typeof tp === "string" ? cp.name === tp : cp.containerPort === tp) && (cp.protocol ?? "TCP") === (p.protocol ?? "TCP"))));
      if (!ok) fail(S, `targetPort ${tp} is not a port of the selected pods`);
    }
  }

  // Ingress: TLS, backends that exist, WebSocket timeouts on signaling.
  for (const ing of byKind(objs, "Ingress")) {
    const I = `${W} Ingress ${ing.metadata.name}`;
    const hosts = ing.spec.rules.map((r) => r.host);
    const tlsHosts = (ing.spec.tls ?? []).flatMap((x) => x.hosts ?? []);
    if (!hosts.every((h) => tlsHosts.includes(h))) fail(I, "a host without TLS");
    for (const tls of ing.spec.tls ?? []) checkSecretRef(tls.secretName, false, I);
    for (const r of ing.spec.rules) {
      for (const p of r.http.paths) {
        const b = p.backend.service;
        const s = find(objs, "Service", b.name);
        if (!s) fail(I, `backend Service ${b.name} does not exist`);
        else if (!s.spec.ports.some((sp) => (b.port.name ? sp.name === b.port.name : sp.port === b.port.number))) fail(I, `Service ${b.name} has no port ${b.port.name ?? b.port.number}`);
        if (b.name === "signaling-service") {
          const a = ing.metadata.annotations ?? {};
          for (const k of ["nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout"]) {
            if (!(Number(a[k]) >= 3600)) fail(I, `${k} should be >= 3600 for WebSocket sessions`);
          }
        }
      }
    }
  }

  // PodMonitors scrape a named port of the pods they select.
  for (const pm of byKind(objs, "PodMonitor")) {
    const sel = ws.filter((w) => selects(pm.spec.selector, w.spec.template.metadata.labels));
    if (!sel.length) fail(`${W} PodMonitor ${pm.metadata.name}`, "selects no workload");
    for (const ep of pm.spec.podMetricsEndpoints) {
      for (const w of sel) {
        if (!containersOf(w).some((c) => (c.ports ?? []).some((p) => p.name === ep.port))) fail(`${W} PodMonitor ${pm.metadata.name}`, `${w.metadata.name} has no port ${ep.port}`);
      }
    }
  }

  // Secrets: placeholders in dev only; production creates them by hand.
  for (const s of byKind(objs, "Secret")) {
    if (!t.secretsInGit) fail(`${W} Secret ${s.metadata.name}`, "Secrets do not belong in this target (create them by hand: README.md)");
    for (const [k, v] of Object.entries(s.stringData ?? {})) {
      if (!/dev|placeholder|example/i.test(v)) fail(`${W} Secret ${s.metadata.name}`, `value of ${k} does not look like a placeholder`);
    }
  }

  // NetworkPolicies select something.
  for (const np of byKind(objs, "NetworkPolicy")) {
    if (!ws.some((w) => selects(np.spec.podSelector, w.spec.template.metadata.labels))) fail(`${W} NetworkPolicy ${np.metadata.name}`, "selects no workload");
  }

  function checkSecretRef(name, optional, where, key) {
    const s = find(objs, "Secret", name);
    if (s) {
      if (key && !(key in (s.stringData ?? {})) && !(key in (s.data ?? {}))) fail(where, `Secret ${name} has no key ${key}`);
    } else if (!optional && !SECRETS_CREATED_BY_HAND.has(name)) {
      fail(where, `Secret ${name} is neither rendered nor one created by hand (README.md)`);
    }
  }

  function checkMedia(w, main, WW) {
    const pod = w.spec.template.spec;
    if (!pod.hostNetwork) fail(WW, "media-service is not on the host network");
    if (pod.dnsPolicy !== "ClusterFirstWithHostNet") fail(WW, "dnsPolicy is not ClusterFirstWithHostNet (cluster names would not resolve)");
    const hostIp = envValue(main, "HOST_IP");
    if (hostIp?.valueFrom?.fieldRef?.fieldPath !== "status.hostIP") fail(WW, "HOST_IP is not the downward API's status.hostIP");
    if (envValue(main, "CARILLON_MEDIA_ADVERTISED_ADDRESSES")?.value !== "$(HOST_IP)") fail(WW, "CARILLON_MEDIA_ADVERTISED_ADDRESSES is not $(HOST_IP)");
    if (envValue(main, "CARILLON_MEDIA_BIND_HOST")?.value !== "$(HOST_IP)") fail(WW, "CARILLON_MEDIA_BIND_HOST is not $(HOST_IP)");
    const udp = Number(envValue(main, "CARILLON_MEDIA_UDP_PORT")?.value);
    const mp = (main.ports ?? []).find((p) => p.name === "media");
    if (!mp || mp.protocol !== "UDP" || mp.containerPort !== udp || mp.hostPort !== udp) fail(WW, `port "media" is not UDP ${udp} with hostPort ${udp}`);
    if (w.kind === "DaemonSet" && w.spec.updateStrategy?.rollingUpdate?.maxSurge) fail(WW, "maxSurge on a host port: the new pod could not start beside the old one");
    if (t.production && main.resources?.requests?.cpu !== main.resources?.limits?.cpu) fail(WW, "media CPU requests != limits (throttling of the audio ticks)");
  }

  function checkMeetingConfig(objs, main, C) {
    const locations = envValue(main, "QUARKUS_CONFIG_LOCATIONS")?.value ?? "";
    const cm = find(objs, "ConfigMap", "carillon-meeting-config");
    const props = cm?.data?.["meeting.properties"] ?? "";
    if (!locations.includes("/meeting.properties") || !locations.includes("/access-keys.properties")) fail(C, "QUARKUS_CONFIG_LOCATIONS misses meeting.properties or access-keys.properties");
    if (!/^config_ordinal=2[6-9]\d$/m.test(props)) fail(C, "meeting.properties needs config_ordinal above 250 (application.properties in the jar)");
    const sig = [...props.matchAll(/^carillon\.meeting\.regions\."([^"]+)"\.signaling-url=(.*)$/gm)];
    if (!sig.length) fail(C, "no region with a signaling-url in meeting.properties");
    const sigHosts = byKind(objs, "Ingress").filter((i) => i.spec.rules.some((r) => r.http.paths.some((p) => p.backend.service.name === "signaling-service"))).flatMap((i) => i.spec.rules.map((r) => r.host));
    for (const [, region, url] of sig) {
      const u = new URL(url.trim());
      if (u.protocol !== "wss:") fail(C, `region ${region}: signaling-url ${url} is not wss://`);
      if (!sigHosts.includes(u.host)) fail(C, `region ${region}: signaling-url host ${u.host} is not a host of the signaling Ingress`);
    }
    if (!/^carillon\.meeting\.token-service-url=http:\/\/token-service:8082$/m.test(props)) fail(C, "token-service-url is not http://token-service:8082");
  }
}

// ---------------------------------------------------------------- main
async function main() {
  const topicSpecs = parseTopicsJava(fs.readFileSync(TOPICS_JAVA, "utf8"));
  const declared = [...fs.readFileSync(TOPICS_JAVA, "utf8").matchAll(/public static final TopicSpec (\w+)/g)].length;
  if (topicSpecs.length === 0 || topicSpecs.length !== declared) {
    fail("Topics.java", `read ${topicSpecs.length} TopicSpecs of ${declared} declared`);
  }
  console.log(`Topics.java: ${topicSpecs.map((s) => `${s.name}(${s.partitions})`).join(", ")}`);

  const renderer = externalRenderer();
  console.log(renderer ? `cross-checking the rendering with \`${renderer.cmd} ${renderer.args.join(" ")}\`` : "no kubectl/kustomize on PATH: rendering with lib/kustomize.mjs only");

  const tsEntries = [];
  const seen = new Map();
  for (const t of TARGETS) {
    const dir = path.join(K8S, t.dir);
    console.log(`\n== ${t.dir}`);
    let objs;
    try {
      objs = render(dir);
    } catch (e) {
      fail(t.dir, `render: ${e.message}`);
      continue;
    }
    if (renderer) {
      if (crossCheck(renderer, dir, objs)) console.log(`  rendering identical to ${renderer.cmd}'s (${objs.length} objects)`);
    }
    for (const o of objs) {
      const where = `${t.dir}: ${idOf(o)}`;
      const found = await schemaCheck(o, where);
      checked++;
      console.log(`  ok? ${idOf(o)}`.replace("ok? ", problems.some((p) => p.startsWith(where + ":")) ? "BAD " : "ok  "));
      const key = JSON.stringify(o);
      if (found && !seen.has(key)) {
        seen.set(key, true);
        tsEntries.push({ o, mod: found.mod, where });
      }
    }
    const before = problems.length;
    semanticChecks(t, objs, topicSpecs);
    console.log(`  cross-object checks: ${problems.length === before ? "ok" : `${problems.length - before} problem(s)`}`);
  }

  console.log(`\n== unknown fields (TypeScript excess-property check of ${tsEntries.length} distinct objects)`);
  const before = problems.length;
  await unknownFieldCheck(tsEntries);
  console.log(`  ${problems.length === before ? "ok" : `${problems.length - before} problem(s)`}`);

  console.log(`\n${checked} objects checked in ${TARGETS.length} targets, ${problems.length} problem(s)`);
  if (problems.length) {
    for (const p of problems) console.log(`  - ${p}`);
    console.log(`validate: 0 passed, 1 failed`);
    process.exit(1);
  }
  console.log(`validate: 1 passed, 0 failed`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
