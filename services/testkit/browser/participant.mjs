#!/usr/bin/env node
// One headless-Chromium meeting participant running amazon-chime-sdk-js, driven by
// JSON lines: commands on stdin, events on stdout (one JSON object per line).
// Diagnostics go to stderr only. See README.md for the protocol.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BUNDLE = path.join(HERE, 'dist', 'page.bundle.js');
const PAGE_SOURCE = path.join(HERE, 'page.js');
const INDEX_HTML = path.join(HERE, 'index.html');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const CLOSE_TIMEOUT_MS = 10000;

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];
// A WAV file as the fake microphone instead of Chromium's beep (tests of what others hear).
if (process.env.FAKE_AUDIO_FILE) {
  CHROMIUM_ARGS.push(`--use-file-for-fake-audio-capture=${process.env.FAKE_AUDIO_FILE}`);
}

// ---------------------------------------------------------------- output

let quitWritten = false;

function out(event) {
  if (quitWritten) return;
  try {
    process.stdout.write(JSON.stringify(event) + '\n');
  } catch (e) {
    log(`stdout write failed: ${e.message}`);
  }
}

function log(text) {
  process.stderr.write(`[participant ${process.pid}] ${text}\n`);
}

process.stdout.on('error', (e) => {
  // The reader went away (EPIPE): nobody to report to, just clean up.
  log(`stdout error: ${e.message}`);
  quitWritten = true;
  shutdown('stdout closed', 0);
});

// ---------------------------------------------------------------- bundle

function newestMtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

// Builds dist/page.bundle.js with the exact command of the package.json "build"
// script, writing to a private file first so that several participants started at
// once never serve a half-written bundle.
async function ensureBundle() {
  const bundleTime = newestMtime(BUNDLE);
  if (bundleTime >= 0 && bundleTime >= newestMtime(PAGE_SOURCE)) return;

  const esbuild = path.join(HERE, 'node_modules', '.bin', 'esbuild');
  if (!fs.existsSync(esbuild)) {
    throw new Error(`esbuild not found at ${esbuild}: run "npm ci" in ${HERE} first`);
  }
  const pkg = JSON.parse(await fsp.readFile(path.join(HERE, 'package.json'), 'utf8'));
  const words = pkg.scripts.build.trim().split(/\s+/);
  if (words[0] !== 'esbuild') throw new Error('unexpected build script: ' + pkg.scripts.build);
  const tmp = path.join(HERE, 'dist', `.page.bundle.${process.pid}.js`);
  const args = words.slice(1).map((w) => (w.startsWith('--outfile=') ? `--outfile=${tmp}` : w));

  log(`building ${path.relative(HERE, BUNDLE)}`);
  await fsp.mkdir(path.dirname(BUNDLE), { recursive: true });
  await new Promise((resolve, reject) => {
    const child = spawn(esbuild, args, { cwd: HERE, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => process.stderr.write(d));
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`esbuild exited with ${code}`))));
  });
  await fsp.rename(tmp, BUNDLE);
}

// ---------------------------------------------------------------- http server

function startServer() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file = null;
    let type = null;
    if (url.pathname === '/' || url.pathname === '/index.html') {
      file = INDEX_HTML;
      type = 'text/html; charset=utf-8';
    } else if (url.pathname === '/dist/page.bundle.js') {
      file = BUNDLE;
      type = 'text/javascript; charset=utf-8';
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
      return;
    }
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    fs.readFile(file, (err, body) => {
      if (err) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
        return;
      }
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------- state

let server = null;
let context = null;
let page = null;
let userDataDir = null;
let shuttingDown = null;
let ready = false;
const pending = []; // commands received before the page was ready
let chain = Promise.resolve(); // commands run one after another

// ---------------------------------------------------------------- shutdown

function withTimeout(promise, ms) {
  let timer;
  return Promise.race([
    promise,
    new Promise((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function shutdown(reason, exitCode) {
  if (shuttingDown) return shuttingDown;
  log(`shutting down: ${reason}`);
  shuttingDown = (async () => {
    if (context) {
      const result = await withTimeout(context.close().catch((e) => log(`close: ${e.message}`)), CLOSE_TIMEOUT_MS);
      if (result === 'timeout') {
        // process.exit below makes playwright-core SIGKILL the browser's process group.
        log('browser did not close in time; it will be killed');
      }
    }
    if (server) {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(() => resolve()));
    }
    if (userDataDir) {
      await fsp.rm(userDataDir, { recursive: true, force: true, maxRetries: 3 }).catch((e) => log(`rm: ${e.message}`));
    }
    out({ event: 'quit' });
    quitWritten = true;
    process.stdout.write('', () => process.exit(exitCode));
    // In case the write callback never comes (closed pipe).
    setTimeout(() => process.exit(exitCode), 2000).unref();
  })();
  return shuttingDown;
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => shutdown(signal, 0));
}

// ---------------------------------------------------------------- commands

// "page.evaluate: Error: not joined\n    at ..." -> "not joined"
function evaluateError(e) {
  const first = String(e?.message ?? e).split('\n')[0];
  return first.replace(/^page\.evaluate: /, '').replace(/^Error: /, '');
}

function callPage(fn, arg) {
  return page.evaluate(fn, arg);
}

async function runCommand(cmd) {
  switch (cmd.cmd) {
    case 'join':
      await callPage(
        ({ meeting, attendee, options }) => window.carillon.join(meeting, attendee, options),
        {
          meeting: cmd.meeting,
          attendee: cmd.attendee,
          options: {
            topics: cmd.topics || [],
            logLevel: cmd.logLevel,
            config: cmd.config,
            muteEvents: !!cmd.muteEvents,
            volumeEvents: !!cmd.volumeEvents,
          },
        },
      );
      break;
    case 'send':
      await callPage(
        ({ topic, text, lifetimeMs }) => window.carillon.sendData(topic, text, lifetimeMs),
        { topic: cmd.topic, text: cmd.text, lifetimeMs: cmd.lifetimeMs || 0 },
      );
      break;
    case 'mute':
      await callPage(() => window.carillon.mute());
      break;
    case 'unmute':
      await callPage(() => window.carillon.unmute());
      break;
    case 'hear': {
      const heard = await callPage(
        ({ frequencies, ms }) => window.carillon.hear(frequencies, ms),
        { frequencies: cmd.frequencies || [], ms: cmd.ms || 2000 },
      );
      out({ event: 'heard', ...heard });
      break;
    }
    case 'leave':
      await callPage(() => window.carillon.leave());
      break;
    default:
      throw new Error(`unknown cmd: ${JSON.stringify(cmd.cmd)}`);
  }
}

function enqueue(cmd) {
  chain = chain.then(async () => {
    if (shuttingDown) return;
    try {
      await runCommand(cmd);
    } catch (e) {
      if (!shuttingDown) out({ event: 'error', cmd: cmd.cmd, message: evaluateError(e) });
    }
  });
}

function onLine(line) {
  const text = line.trim();
  if (!text) return;
  let cmd;
  try {
    cmd = JSON.parse(text);
  } catch (e) {
    out({ event: 'error', message: `bad JSON on stdin: ${e.message}` });
    return;
  }
  if (!cmd || typeof cmd !== 'object' || typeof cmd.cmd !== 'string') {
    out({ event: 'error', message: 'a command needs a "cmd" string' });
    return;
  }
  if (cmd.cmd === 'quit') {
    shutdown('quit', 0);
    return;
  }
  if (ready) enqueue(cmd);
  else pending.push(cmd);
}

// ---------------------------------------------------------------- startup

async function start() {
  await ensureBundle();
  server = await startServer();
  const url = `http://127.0.0.1:${server.address().port}/`;

  userDataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'carillon-chromium-'));
  const { chromium } = await import('playwright-core');
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  context.on('close', () => {
    if (!shuttingDown) {
      out({ event: 'error', message: 'browser closed unexpectedly' });
      shutdown('browser closed', 1);
    }
  });

  await context.exposeFunction('carillonEvent', (event) => {
    out(event);
  });
  page = context.pages()[0] || (await context.newPage());
  page.on('console', (msg) => log(`[console.${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (e) => out({ event: 'error', message: `page error: ${e.message}` }));
  page.on('crash', () => {
    out({ event: 'error', message: 'page crashed' });
    shutdown('page crashed', 1);
  });

  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => typeof window.carillon === 'object', null, { timeout: 30000 });
  log(`ready: ${await page.evaluate(() => navigator.userAgent)} at ${url}`);
}

const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on('line', onLine);
rl.on('close', () => shutdown('stdin closed', 0));

start().then(
  () => {
    if (shuttingDown) return;
    ready = true;
    out({ event: 'ready' });
    for (const cmd of pending.splice(0)) enqueue(cmd);
  },
  (e) => {
    if (shuttingDown) return;
    log(`startup failed: ${e.stack || e}`);
    out({ event: 'error', message: `startup failed: ${e.message.split('\n')[0]}` });
    shutdown('startup failed', 1);
  },
);
