// Loads Architect's Scripting SDK with no network: every HTTP request it makes is answered from
// the table below, and webpack's module loader is kept so the catalogue modules can be read.
//
// `withSdk(fn)` starts an offline session and calls `fn(sdk)`; `sdk.modules` finds a module by
// a marker in its source. Nothing here writes files.
'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');
const { EventEmitter } = require('events');
const Module = require('module');

const BUNDLE = require.resolve('purecloud-flow-scripting-api-sdk-javascript');
const API = 'https://api.mypurecloud.com';

// Feature toggles the SDK asks for, pinned: the answer changes what the SDK accepts.
const TOGGLE_OFF = new Set(['authorization.division.management']);

function answer(method, url, body) {
  const u = new URL(url);
  const p = u.pathname;
  if (p.endsWith('/services/discovery.properties')) {
    return {
      status: 200,
      text: [
        `auth.uri=https://login.mypurecloud.com`,
        `public-api.uri=${API}`,
        `public-api.apps.uri=${API}`,
        `carrier-pigeon.uri=wss://streaming.mypurecloud.com`,
        `purecloud.uri=https://apps.mypurecloud.com`,
      ].join('\n'),
    };
  }
  if (p === '/api/v2/users/me') {
    const org = { id: '00000000-0000-0000-0000-000000000001', name: 'oracle' };
    return {
      status: 200,
      json: {
        id: '00000000-0000-0000-0000-000000000002',
        name: 'Oracle',
        email: 'oracle@example.com',
        state: 'active',
        organization: org,
        token: { organization: org, homeOrganization: org },
        authorization: { permissions: ['*:*:*'], roles: [], permissionPolicies: [] },
      },
    };
  }
  if (p === '/api/v2/telephony/providers/edges/timezones') {
    return { status: 200, json: { entities: [], pageSize: 1000, pageNumber: 1, total: 0, pageCount: 1 } };
  }
  if (p === '/api/v2/featuretoggles') {
    const out = {};
    for (const f of u.searchParams.getAll('feature')) out[f] = !TOGGLE_OFF.has(f);
    return { status: 200, json: out };
  }
  if (p === '/api/v2/diagnostics/trace') return { status: 200, json: {} };
  // A fictional org's objects, for the SDK's lookups by id (exports.js sets them so).
  const byId = p.match(/^\/api\/v2\/(routing\/queues|users|groups|integrations\/actions)\/([^/]+)$/);
  if (byId && ORG[byId[1]] && ORG[byId[1]].id === byId[2]) return { status: 200, json: ORG[byId[1]] };
  // Schedules and schedule groups are looked up by id in their path, emergency groups through
  // their list's `id` parameter.
  const arch = p.match(/^\/api\/v2\/architect\/(schedules|schedulegroups|emergencygroups)(?:\/([^/]+))?$/);
  if (arch && arch[2] && ORG[arch[1]].id === arch[2]) return { status: 200, json: ORG[arch[1]] };
  if (arch && !arch[2] && ORG[arch[1]].id === u.searchParams.get('id')) {
    return { status: 200, json: { entities: [ORG[arch[1]]], pageSize: 25, pageNumber: 1, total: 1, pageCount: 1 } };
  }
  if (p === '/api/v2/scripts/published') {
    const entities = ORG.scripts.filter((x) => x.name === u.searchParams.get('name'));
    return { status: 200, json: { entities, pageSize: 25, pageNumber: 1, total: entities.length, pageCount: 1 } };
  }
  const vars = p.match(/^\/api\/v2\/scripts\/published\/([^/]+)\/variables$/);
  if (vars && ORG.scripts.some((x) => x.id === vars[1])) return { status: 200, json: {} };
  if (p === '/api/v2/flows/actions/validate') {
    lastManifest = body ? safeJson(body) : {};
    return { status: 200, json: { id: 'op1' } };
  }
  const m = p.match(/^\/api\/v2\/flows\/([^/]+)\/validate\/([^/]+)$/);
  if (m) {
    const results = {};
    for (const [k, items] of Object.entries(lastManifest || {})) {
      results[k] = Array.isArray(items) ? items.map((i) => ({ ...i, result: 'ok' })) : items;
    }
    return { status: 200, json: { id: m[2], actionStatus: 'SUCCESS', results } };
  }
  return { status: 404, json: { message: 'not offline', code: 'not.found', status: 404 } };
}

// The objects `answer` gives: a queue, user, group and data action by id, a screen-pop script
// by name (with no variables), a schedule, schedule group and emergency group by id.
const ORG = {
  'routing/queues': { id: '5f0a0000-0000-4000-8000-000000000001', name: 'Support' },
  users: { id: '5f0a0000-0000-4000-8000-000000000002', name: 'Pat Doe', email: 'pat@example.com', state: 'active' },
  groups: { id: '5f0a0000-0000-4000-8000-000000000003', name: 'Billing', type: 'official' },
  scripts: [{ id: '5f0a0000-0000-4000-8000-000000000008', name: 'Account Pop', versionId: '1' }],
  schedules: { id: '5f0a0000-0000-4000-8000-000000000009', name: 'Weekdays' },
  schedulegroups: { id: '5f0a0000-0000-4000-8000-00000000000a', name: 'Office Hours' },
  emergencygroups: { id: '5f0a0000-0000-4000-8000-00000000000b', name: 'Storm', enabled: true },
  'integrations/actions': {
    id: 'custom_-_5f0a0000-0000-4000-8000-000000000004',
    name: 'Lookup Account',
    category: 'Accounts',
    integrationId: '5f0a0000-0000-4000-8000-000000000005',
    secure: false,
    contract: {
      input: { inputSchema: { type: 'object', properties: { accountId: { type: 'string' } } } },
      output: { successSchema: { type: 'object', properties: { tier: { type: 'string' } } } },
    },
  },
};

let lastManifest = {};
const unanswered = [];

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch (_) {
    return {};
  }
}

function fakeRequest(options, cb) {
  let url;
  let method = 'GET';
  if (typeof options === 'string' || options instanceof URL) {
    url = String(options);
  } else {
    const proto = options.protocol || 'https:';
    const host = options.hostname || options.host;
    const port = options.port ? `:${options.port}` : '';
    url = `${proto}//${host}${port}${options.path || '/'}`;
    method = options.method || 'GET';
  }
  const req = new EventEmitter();
  const chunks = [];
  req.write = (c) => {
    if (c) chunks.push(Buffer.from(c));
    return true;
  };
  req.setHeader = () => {};
  req.getHeader = () => undefined;
  req.setTimeout = () => req;
  req.setNoDelay = () => {};
  req.setSocketKeepAlive = () => {};
  req.abort = () => {};
  req.destroy = () => {};
  req.end = (c) => {
    if (c) chunks.push(Buffer.from(c));
    const a = answer(method, url, Buffer.concat(chunks).toString('utf8'));
    if (a.status === 404) unanswered.push(`${method} ${url}`);
    const text = a.text !== undefined ? a.text : JSON.stringify(a.json);
    setImmediate(() => {
      const res = new EventEmitter();
      res.statusCode = a.status;
      res.statusMessage = a.status === 200 ? 'OK' : 'Not Found';
      res.headers = { 'content-type': a.text !== undefined ? 'text/plain' : 'application/json' };
      res.setEncoding = () => {};
      if (cb) cb(res);
      req.emit('response', res);
      res.emit('data', Buffer.from(text));
      res.emit('end');
    });
  };
  return req;
}

for (const mod of [http, https]) {
  mod.request = fakeRequest;
  mod.get = (o, cb) => {
    const r = fakeRequest(o, cb);
    r.end();
    return r;
  };
}

// The SDK logs freely to the console (traces, notes, warnings) while it runs; the oracle's
// scripts write their own output with process.stdout/stderr, so the console is silenced.
for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace']) console[k] = () => {};

// Kept for callers that want to be explicit about a noisy call.
function quiet(fn) {
  const saved = [console.log, console.info, console.warn, console.error, console.debug];
  console.log = console.info = console.warn = console.error = console.debug = () => {};
  try {
    return fn();
  } finally {
    [console.log, console.info, console.warn, console.error, console.debug] = saved;
  }
}

function loadBundle() {
  const src = fs.readFileSync(BUNDLE, 'utf8');
  const entry = 't.p="/build-scripting/release/",t(t.s=1344)';
  if (!src.includes(entry)) throw new Error(`the SDK bundle changed: '${entry}' not found`);
  const patched = src.replace(entry, 't.p="/build-scripting/release/",globalThis.__archWebpack=t,t(t.s=1344)');
  const m = new Module(BUNDLE, module);
  m.filename = BUNDLE;
  m.paths = Module._nodeModulePaths(path.dirname(BUNDLE));
  quiet(() => m._compile(patched, BUNDLE));
  const req = globalThis.__archWebpack;
  return { exports: m.exports, req, sources: req.m };
}

// Finds the one webpack module whose source contains `marker` and returns its exports.
function moduleByMarker(bundle, marker) {
  const hits = [];
  for (const [id, fn] of Object.entries(bundle.sources)) {
    if (String(fn).includes(marker)) hits.push(id);
  }
  if (hits.length !== 1) throw new Error(`marker ${marker}: ${hits.length} modules (${hits.join(', ')})`);
  return bundle.req(hits[0]);
}

// Runs `fn(sdk)` inside an offline Architect session; resolves with its result.
function withSdk(fn) {
  const bundle = loadBundle();
  const sdk = bundle.exports;
  const { archSession } = sdk.environment;
  const { archEnums } = sdk.enums;
  quiet(() => {
    archSession.endTerminatesProcess = false;
  });
  const logging = sdk.services.archLogging;
  for (const k of ['_logToConsole', '_errorToConsole', '_warningToConsole']) {
    Object.defineProperty(logging, k, { value: () => {}, configurable: true });
  }
  return new Promise((resolve, reject) => {
    let result;
    let failed;
    const end = () => {
      if (failed) reject(failed);
      else resolve(result);
    };
    quiet(() =>
      archSession.startWithAuthToken(
        archEnums.LOCATIONS.prod_us_east_1,
        async () => {
          try {
            result = await fn({ ...sdk, bundle, moduleByMarker: (m) => moduleByMarker(bundle, m), quiet, unanswered });
          } catch (e) {
            failed = e;
          }
        },
        'offline-token',
        end,
      ),
    );
  });
}

module.exports = { withSdk, quiet, ORG };
