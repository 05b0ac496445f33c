// Dumps Architect's catalogue from the Scripting SDK into data/*.json, the files flowsim's tests
// compare the Rust catalogue with:
//   functions.json  every function and operator, each overload's types, NOT_SET and repeat rules,
//                   flow-type limits and documented examples with their results; an overload
//                   the SDK's bootstrap data limits (`FindQueue` to email flows among the five
//                   flow types it knows) has them as `bootstrapFlowTypes`
//   types.json      the expression types with their codes and the flow types that support them
//   builtins.json   the built-in variables each flow type the SDK creates accepts, typed by
//                   Architect's own checker (IsSet(<name>) parsed in a flow of that type); the
//                   names it knows there behind a feature toggle, and the lookups (Format.Date)
//   constants.json  Architect's limits (integer range, expression length, call depth, ...)
//   lookups.json    the `System.` lookup containers (`System.Regions.US.dialingCode`): every
//                   path down to a value, typed and resolved by Architect's checker
//
// Usage: node dump.js [out-dir]   (default: data/). Output is sorted and stable: running it twice
// gives the same bytes, and CI checks that the committed files are what the SDK says.
'use strict';

const fs = require('fs');
const path = require('path');
const { withSdk } = require('./sdk');
const { FLOW_TYPES, createFlow, checker } = require('./flows');

const outDir = path.resolve(process.argv[2] || path.join(__dirname, 'data'));

function sorted(obj) {
  if (Array.isArray(obj)) return obj.map(sorted);
  if (obj && typeof obj === 'object') {
    const out = {};
    for (const k of Object.keys(obj).sort()) out[k] = sorted(obj[k]);
    return out;
  }
  return obj;
}

function write(name, data) {
  const file = path.join(outDir, name);
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(data, null, 1)}\n`);
  fs.renameSync(tmp, file);
}

function values(o) {
  return Object.keys(o || {})
    .sort((a, b) => Number(a) - Number(b))
    .map((k) => o[k]);
}

// Example inputs and outputs the catalogue gives as string keys (`AR_..._EX_OUT_0`) are looked up
// in the English strings; `outputKey`/`inputKey` keep the key so a reader can find the other
// locales.
function english(strings, text) {
  if (typeof text === 'string' && /^AR_[A-Z0-9_]+$/.test(text)) {
    if (!(text in strings)) throw new Error(`no English string for ${text}`);
    return { text: strings[text], key: text };
  }
  return { text, key: null };
}

function example(strings, x) {
  const input = english(strings, x.input);
  const output = english(strings, x.output);
  const out = { input: input.text, output: output.text };
  if (input.key) out.inputKey = input.key;
  if (output.key) out.outputKey = output.key;
  return out;
}

// The SDK's bootstrap data (used when the configuration service is not there, as offline):
// per-overload flow types, among the flow types it lists, that Architect's checker applies on
// top of the catalogue's.
function bootstrap(sdk) {
  for (const [id, fn] of Object.entries(sdk.bundle.sources)) {
    if (!String(fn).includes('TransferPureMatchAction')) continue;
    const m = sdk.bundle.req(id);
    for (const c of [m, m && m.default]) if (c && c.actions && c.functions) return c;
  }
  throw new Error("the SDK's bootstrap data was not found");
}

function dumpFunctions(cat, strings, boot) {
  const out = [];
  for (const key of Object.keys(cat.expression).sort()) {
    const e = cat.expression[key];
    out.push({
      key,
      kind: e.type,
      name: e.name || null,
      symbol: e.symbol || null,
      category: e.category,
      needsServerInfo: Boolean(e.needsServerInfo),
      overloads: values(e.overloads).map((o) => ({
        identifier: o.identifier,
        returns: { type: o.returnValue.type, isArray: Boolean(o.returnValue.isArray) },
        params: (o.parameters || []).map((p) => ({
          name: p.identifier,
          type: p.type,
          isArray: Boolean(p.isArray),
          required: Boolean(p.required),
          allowNotSet: Boolean(p.allowNotSet),
          repeatable: Boolean(p.repeatable),
          // What Architect's checker asks of a literal argument: its range, not zero, or a
          // literal at all (`ToAudioBlank`'s length).
          ...(p.min !== undefined ? { min: Number(p.min) } : {}),
          ...(p.max !== undefined ? { max: Number(p.max) } : {}),
          ...(p.disallowZero ? { disallowZero: true } : {}),
          ...(p.mustBeLiteral ? { mustBeLiteral: true } : {}),
          // A literal must be one of a list: `ISO4217` (a currency code Architect supports),
          // `SupportedTTSLangs`, `DialingCodes`.
          ...(p.literalValidatorName ? { literalValidator: p.literalValidatorName } : {}),
        })),
        resolver: (o.support && o.support.resolver) || null,
        supportedFlowTypes: o.supportedFlowTypes ? Object.keys(o.supportedFlowTypes).sort() : null,
        bootstrapFlowTypes: bootFlowTypes(boot, key, o.identifier),
        featureToggle: o.featureToggle || null,
        needsServerInfo: Boolean(o.needsServerInfo),
        examples: values(o.examples).map((x) => example(strings, x)),
      })),
    });
  }
  return out;
}

function bootFlowTypes(boot, key, identifier) {
  const f = boot.functions[key];
  const o = f && f.overloads && f.overloads[identifier];
  return o ? [...o.flowTypes].sort() : null;
}

function dumpTypes(cat) {
  const out = [];
  for (const key of Object.keys(cat.type).sort()) {
    const t = cat.type[key];
    const s = t.support || {};
    out.push({
      name: key,
      dataType: t.dataType || null,
      allowArray: Boolean(t.allowArray),
      classType: s.classType || null,
      code: s.expressionDataType || null,
      baseCode: s.expressionBaseDataType || null,
      userCanCreate: Boolean(s.userCanCreate),
      supportedFlowTypes: s.supportedFlowTypes ? Object.keys(s.supportedFlowTypes).sort() : [],
      properties: (t.nativeProperties || []).map((p) => ({
        name: p.name || p.identifier || null,
        type: p.type || null,
        // The catalogue marks a collection member `isCollection` (a short message's
        // `targetAddresses`).
        isArray: Boolean(p.isArray || p.isCollection),
      })),
    });
  }
  return out;
}

function dumpConstants(c) {
  const out = {};
  for (const k of Object.keys(c).sort()) {
    const v = c[k];
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
    else if (v instanceof Date) out[k] = v.toISOString();
    else if (v && typeof v.toISOString === 'function') out[k] = v.toISOString();
  }
  return out;
}

async function dumpBuiltins(sdk) {
  const groups = sdk.moduleByMarker('id:"__CALL_ANI__"');
  const names = new Map();
  for (const [group, vars] of Object.entries(groups)) {
    if (!Array.isArray(vars)) continue;
    for (const v of vars) {
      if (v.isInternal) continue;
      if (!names.has(v.name)) names.set(v.name, { name: v.name, id: v.id, groups: [] });
      names.get(v.name).groups.push(group);
    }
  }
  const byFlow = {};
  const gated = {};
  const lookups = {};
  for (const ft of FLOW_TYPES) {
    gated[ft.name] = [];
    lookups[ft.name] = {};
    let check;
    try {
      check = checker(sdk, await createFlow(sdk, ft.factory));
    } catch (e) {
      byFlow[ft.name] = { error: String((e && e.message) || e).split(' -- ')[0] };
      continue;
    }
    const found = {};
    for (const name of [...names.keys()].sort()) {
      const v = check(`IsSet(${name})`);
      if (!v.valid) {
        // Known to the flow type, but not as a value: behind a feature this build lacks, or a
        // lookup only functions take (`Format.Date`, typed by its display name).
        if (/requires a feature that is not available/.test(v.error)) gated[ft.name].push(name);
        const lookup = v.error.match(/accepts a parameter of type (.+)\.$/);
        if (lookup) lookups[ft.name][name] = lookup[1];
        continue;
      }
      const ref = v.tree.IsSet.operands[0];
      const node = ref.sysref || ref.ref || Object.values(ref)[0];
      found[name] = node.type;
    }
    byFlow[ft.name] = found;
  }
  return {
    variables: [...names.values()].sort((a, b) => a.name.localeCompare(b.name)),
    byFlowType: byFlow,
    featureGatedByFlowType: gated,
    lookupsByFlowType: lookups,
  };
}

// The currencies Architect knows (the ISO 4217 codes its `MakeCurrency` and
// `GetCurrencySymbol` accept), each with its symbol and English name.
function dumpCurrencies(table) {
  return Object.keys(table)
    .sort()
    .map((code) => ({ code: table[code].code, symbol: table[code].symbol, name: table[code].displayName }));
}

// The lookup containers of the `System.` namespace (`System.Regions`, `System.Languages`...):
// every path from a container down to its values, as the catalogue lists the members, each
// with the type code the catalogue gives it and, for a value, the literal Architect's checker
// resolves the path to (in an inbound call flow, which has every container). `typeNames` are
// the names the checker's messages give the containers' own types (`Region Enum`). Members
// whose names are no expression name (`zhHans-CN`: `-` is subtraction) cannot be read; they
// are listed in `unreadable` with the checker's verdict on their path.
async function dumpLookups(sdk, types, builtins) {
  const byCode = new Map(types.filter((t) => t.code).map((t) => [t.code, t]));
  const byName = new Map(types.map((t) => [t.name, t]));
  const check = checker(sdk, await createFlow(sdk, 'createFlowInboundCallAsync'));
  const paths = {};
  const typeNames = {};
  const unreadable = {};
  const walk = (path, code) => {
    const last = path.slice(path.lastIndexOf('.') + 1);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(last)) {
      const v = check(path);
      unreadable[path] = v.valid ? `valid ${v.type}` : v.error;
      return;
    }
    const t = byCode.get(code);
    if (!t || !t.properties.length) {
      const v = check(path);
      if (!v.valid || !v.tree || !v.tree.lit) throw new Error(`${path}: the checker gives no literal (${v.error || JSON.stringify(v.tree)})`);
      paths[path] = { type: v.tree.lit.type, value: v.tree.lit.text };
      return;
    }
    paths[path] = { type: code };
    if (!(code in typeNames)) {
      const v = check(path);
      const m = !v.valid && v.error.match(/^Cannot convert expression from type (.+) to required type of Boolean\.$/);
      if (!m) throw new Error(`${path}: expected a lookup type, got ${v.error || v.type}`);
      typeNames[code] = m[1];
    }
    for (const p of t.properties) walk(`${path}.${p.name}`, p.type);
  };
  for (const [name, display] of Object.entries(builtins.lookupsByFlowType.inboundcall)) {
    if (!name.startsWith('System.')) continue;
    const t = byName.get(display.replace(/\s+/g, ''));
    if (!t) throw new Error(`${name}: no type named ${display}`);
    walk(name, t.code);
  }
  return { paths, typeNames, unreadable };
}

withSdk(async (sdk) => {
  fs.mkdirSync(outDir, { recursive: true });
  const cat = sdk.moduleByMarker('dateTimeDiff:{identifier');
  const strings = sdk.moduleByMarker('AR_TP_CUR_PROP_AMOUNT_DSC:"The decimal amount for the Currency"').expression;
  write('functions.json', sorted(dumpFunctions(cat, strings, bootstrap(sdk))));
  const types = dumpTypes(cat);
  write('types.json', sorted(types));
  write('constants.json', dumpConstants(sdk.moduleByMarker('maxExpressionCallStack:')));
  const builtins = await dumpBuiltins(sdk);
  write('builtins.json', sorted(builtins));
  write('lookups.json', sorted(await dumpLookups(sdk, types, builtins)));
  write('currencies.json', dumpCurrencies(sdk.moduleByMarker('AED:{displayName:n.AED.displayName')));
}).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`dump failed: ${(e && e.stack) || e}\n`);
    process.exit(1);
  },
);
