// Writes data/verdict-cases.json: the expressions whose verdicts Architect's checker gives
// (verdicts.js) and flowsim's checker must match (tests/it/verdicts.rs).
//
// Two sources, each case naming where it came from:
//   - the project's own expressions: Archy `exp:` values in bundled flows, docs and tests, the
//     arguments of `flowsim expr ...` in the docs and README, and the texts the expression unit
//     tests check (`ok("...")`, `ty("...")`, ...);
//   - a grammar-driven generator with a fixed seed: literals, operators, functions from
//     data/functions.json with well- and ill-typed arguments, references to declared Task
//     variables of each type, misspelt names and syntax errors.
//
// Usage: node cases.js [out-dir] (default data/). The output is the same bytes on every run.
'use strict';

const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(path.resolve(process.argv[2] || path.join(__dirname, 'data')), 'verdict-cases.json');

// The variables every generated case may read: Task variables (the only scope a Scripting SDK
// task can declare), one per type, as the SDK's `flow.dataTypes` names them.
const STD_VARS = {
  'Task.int': 'integer',
  'Task.dec': 'decimal',
  'Task.str': 'string',
  'Task.bln': 'boolean',
  'Task.dur': 'duration',
  'Task.dtm': 'dateTime',
  'Task.cur': 'currency',
  'Task.phone': 'phoneNumber',
  'Task.queue': 'queue',
  'Task.skill': 'skill',
  'Task.group': 'group',
  'Task.strs': 'stringCollection',
  'Task.ints': 'integerCollection',
  'Task.decs': 'decimalCollection',
  'Task.blns': 'booleanCollection',
  'Task.dtms': 'dateTimeCollection',
  'Task.durs': 'durationCollection',
};

// ---- extraction ---------------------------------------------------------------------------

function walk(dir, out) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!['target', 'node_modules', '.git', 'snapshots'].includes(e.name)) walk(p, out);
    } else out.push(p);
  }
  return out;
}

// A YAML scalar after `exp:` on one line: single-quoted, double-quoted or plain (in a flow
// mapping a plain scalar ends at `,` or `}`).
function yamlScalar(rest, inFlow) {
  rest = rest.trimStart();
  if (rest.startsWith("'")) {
    const m = rest.match(/^'((?:[^']|'')*)'/);
    return m ? m[1].replace(/''/g, "'") : null;
  }
  if (rest.startsWith('"')) {
    const m = rest.match(/^"((?:[^"\\]|\\.)*)"/);
    return m ? m[1].replace(/\\(["\\])/g, '$1') : null;
  }
  const plain = inFlow ? rest.split(/[,}]/)[0] : rest.replace(/\s+#.*$/, '');
  const t = plain.trim();
  return t && !t.startsWith('|') && !t.startsWith('>') ? t : null;
}

function archyExps(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const re = /\bexp:\s*/g;
    let m;
    while ((m = re.exec(line))) {
      const before = line.slice(0, m.index);
      const inFlow = before.lastIndexOf('{') > before.lastIndexOf('}');
      const v = yamlScalar(line.slice(m.index + m[0].length), inFlow);
      if (v) out.push(v);
    }
  }
  return out;
}

// The raw strings of a Rust file (`r#"..."#`), where tests keep their Archy flows.
function rawStrings(text) {
  const out = [];
  const re = /\br(#*)"([\s\S]*?)"\1/g;
  let m;
  while ((m = re.exec(text))) out.push(m[2]);
  return out;
}

// A Rust string literal's value.
function rustString(lit) {
  if (lit.startsWith('r')) return lit.replace(/^r(#*)"([\s\S]*)"\1$/, '$2');
  const body = lit.slice(1, -1);
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|.)/g, (_, c) => {
    if (c.startsWith('u{')) return String.fromCodePoint(parseInt(c.slice(2, -1), 16));
    return { n: '\n', t: '\t', r: '\r', '0': '\0', '"': '"', "'": "'", '\\': '\\' }[c] ?? `\\${c}`;
  });
}

// Texts the expression unit tests hand to their helpers.
const HELPERS = ['ok', 'fails', 'shows', 'ty', 'error', 'typed', 'sx'];
function unitTestTexts(text) {
  const out = [];
  const re = new RegExp(`\\b(?:${HELPERS.join('|')})\\(\\s*(r#*"[\\s\\S]*?"#*|"(?:[^"\\\\]|\\\\.)*")\\s*[,)]`, 'g');
  let m;
  while ((m = re.exec(text))) {
    let lit = m[1];
    if (lit.startsWith('r')) {
      const hashes = lit.match(/^r(#*)/)[1];
      const end = text.indexOf(`"${hashes}`, m.index + m[0].indexOf(lit) + 2 + hashes.length);
      lit = text.slice(m.index + m[0].indexOf(lit), end + 1 + hashes.length);
    }
    out.push(rustString(lit));
  }
  return out;
}

// `flowsim expr eval|check|parse '...'` in the docs and README.
function cliTexts(text) {
  const out = [];
  const re = /flowsim expr (?:eval|check|parse)\s+(?:--\S+\s+(?:\S+\s+)?)*('([^']*)'|"((?:[^"\\]|\\.)*)")/g;
  let m;
  while ((m = re.exec(text))) out.push(m[2] !== undefined ? m[2] : m[3].replace(/\\(["\\$`])/g, '$1'));
  return out;
}

function extracted() {
  const cases = [];
  const files = [
    ...walk(path.join(ROOT, 'fixtures'), []),
    ...walk(path.join(ROOT, 'templates'), []),
    ...walk(path.join(ROOT, 'docs'), []),
    ...walk(path.join(ROOT, 'tests'), []),
    ...walk(path.join(ROOT, 'src'), []),
    ...walk(path.join(ROOT, 'crates'), []),
    path.join(ROOT, 'README.md'),
  ];
  for (const file of files) {
    const rel = path.relative(ROOT, file);
    const text = fs.readFileSync(file, 'utf8');
    const add = (t, how) => {
      if (t.length > 0 && t.length <= 2000 && !t.includes('{{')) cases.push({ text: t, from: `${rel} (${how})` });
    };
    if (/\.ya?ml$/.test(file)) archyExps(text).forEach((t) => add(t, 'exp'));
    if (/\.md$/.test(file)) {
      archyExps(text).forEach((t) => add(t, 'exp'));
      cliTexts(text).forEach((t) => add(t, 'flowsim expr'));
    }
    if (/\.rs$/.test(file)) {
      rawStrings(text).forEach((s) => archyExps(s).forEach((t) => add(t, 'exp')));
      if (rel.startsWith(path.join('crates', 'flowsim-expr', 'src', 'expr'))) unitTestTexts(text).forEach((t) => add(t, 'unit test'));
    }
  }
  return cases;
}

// ---- generation ---------------------------------------------------------------------------

// mulberry32: a small PRNG with a fixed seed, so the generated cases are the same every run.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generated(count) {
  const rand = rng(20261123);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const functions = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'functions.json'), 'utf8'));
  const fns = functions.filter((f) => f.kind === 'function' && !f.needsServerInfo);
  const ops = ['+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', 'and', 'or'];
  const varsByCode = {
    int: ['Task.int'], dec: ['Task.dec'], str: ['Task.str'], bln: ['Task.bln'], dur: ['Task.dur'],
    dtm: ['Task.dtm'], cur: ['Task.cur'], phn: ['Task.phone'], que: ['Task.queue'],
    skl: ['Task.skill'], grp: ['Task.group'],
  };
  const collByCode = { str: 'Task.strs', int: 'Task.ints', dec: 'Task.decs', bln: 'Task.blns', dtm: 'Task.dtms', dur: 'Task.durs' };
  const literal = {
    int: () => pick(['0', '1', '7', '42', '-3', '999999999999999', '1000000000000000']),
    dec: () => pick(['1.5', '0.25', '-2.75', '3.0']),
    str: () => pick(['"a"', '"hello"', '""', '"12"', '"2024-01-02T03:04:05.000Z"', '"a\\"b"']),
    bln: () => pick(['true', 'false', 'TRUE']),
    dur: () => pick(['MakeDuration(0, 0, 5, 0)', 'ToDuration("P0DT0H1M0S")']),
    dtm: () => pick(['GetCurrentDateTimeUtc()', 'MakeDateTime(2024, 1, 2, 3, 4, 5)']),
    cur: () => 'MakeCurrency(1.5, "USD")',
    aud: () => 'ToAudioTTS("hi")',
  };
  // A well-typed expression of type `code` (array or not), `depth` levels deep at most.
  function typed(code, isArray, depth) {
    if (isArray) {
      if (collByCode[code] && rand() < 0.5) return collByCode[code];
      if (literal[code]) return `MakeList(${typed(code, false, depth - 1)}, ${typed(code, false, depth - 1)})`;
      return `MakeList(${typed('str', false, depth - 1)})`;
    }
    const r = rand();
    if (r < 0.3 && varsByCode[code]) return pick(varsByCode[code]);
    if (r < 0.6 || depth <= 0) {
      if (literal[code]) return literal[code]();
      if (varsByCode[code]) return pick(varsByCode[code]);
      return 'NOT_SET';
    }
    const makers = fns.filter((f) => f.overloads.some((o) => o.returns.type === code && !o.returns.isArray));
    if (makers.length === 0) return literal[code] ? literal[code]() : 'NOT_SET';
    const f = pick(makers);
    const o = pick(f.overloads.filter((x) => x.returns.type === code && !x.returns.isArray));
    return call(f.name, o, depth - 1, false);
  }
  function anyType() {
    return pick(['int', 'dec', 'str', 'bln', 'dur', 'dtm', 'cur', 'aud', 'phn']);
  }
  function call(name, o, depth, illTyped) {
    const args = [];
    const params = o.params.filter((p) => p.required || rand() < 0.5);
    params.forEach((p, i) => {
      let code = p.type === 'any' || p.type.length !== 3 ? 'str' : p.type;
      let arr = p.isArray;
      if (illTyped && i === params.length - 1) {
        code = anyType();
        arr = rand() < 0.2;
      }
      args.push(typed(code, arr, depth));
      if (p.repeatable && rand() < 0.3) args.push(typed(code, arr, depth));
    });
    return `${name}(${args.join(', ')})`;
  }
  function misspell(name) {
    const i = 1 + Math.floor(rand() * (name.length - 1));
    const k = rand();
    if (k < 0.33) return name.slice(0, i) + name.slice(i + 1);
    if (k < 0.66) return name.slice(0, i) + pick(['x', 'e', 'a', 's']) + name.slice(i);
    return name.slice(0, i - 1) + name[i] + name[i - 1] + name.slice(i + 1);
  }
  const shapes = [
    // literals and references
    () => typed(pick(Object.keys(literal)), false, 0),
    () => pick(Object.keys(STD_VARS)),
    () => pick(['1e3', '1.5e2 + 1', '2E-1', '?', '.5', '1.', '0x10', '1_000', '007', '-0', '- 1', '--1', '"unterminated', "'single'", '"tab\\tbed"', 'NOT_SET', 'not_set', 'True', 'null', 'nil']),
    // functions, well typed and ill typed
    () => {
      const f = pick(fns);
      return call(f.name, pick(f.overloads), 2, false);
    },
    () => {
      const f = pick(fns);
      const o = pick(f.overloads);
      return o.params.length ? call(f.name, o, 1, true) : `${f.name}(${typed(anyType(), false, 0)})`;
    },
    () => {
      const f = pick(fns);
      const o = pick(f.overloads);
      // one argument too many or too few
      const c = call(f.name, o, 1, false);
      return rand() < 0.5 ? c.replace(/\)$/, `${c.endsWith('()') ? '' : ', '}${typed(anyType(), false, 0)})`) : `${f.name}()`;
    },
    // operators, well and ill typed
    () => `${typed(anyType(), false, 1)} ${pick(ops)} ${typed(anyType(), false, 1)}`,
    () => {
      const t = pick(['int', 'dec', 'str', 'dur', 'dtm', 'bln']);
      return `${typed(t, false, 1)} ${pick(ops)} ${typed(t, false, 1)}`;
    },
    () => `${pick(['-', '!', 'not '])}${typed(anyType(), false, 1)}`,
    () => `${pick(Object.values(collByCode))}[${typed(pick(['int', 'int', 'str', 'dec']), false, 0)}]`,
    () => `${pick(['Task.queue', 'Task.phone', 'Task.cur', 'Task.str', 'Task.strs', 'Call.Ani'])}.${pick(['name', 'id', 'e164', 'amount', 'code', 'count', 'length', 'Foo'])}`,
    // misspelt names
    () => {
      const f = pick(fns);
      return call(misspell(f.name), pick(f.overloads), 1, false);
    },
    () => misspell(pick(Object.keys(STD_VARS))),
    () => pick(['Flow.x', 'State.y', 'Foo', 'Foo.bar', 'Call.Anii', 'Call.ani', 'Task.INT', 'task.int', 'Now()', 'Frobnicate(1)']),
    // syntax errors
    () => {
      const e = `${typed(anyType(), false, 1)} ${pick(ops)} ${typed(anyType(), false, 1)}`;
      const cut = Math.max(1, Math.floor(rand() * e.length));
      return e.slice(0, cut);
    },
    () => {
      const e = typed(anyType(), false, 2);
      const at = Math.floor(rand() * (e.length + 1));
      return e.slice(0, at) + pick(['(', ')', ',', '?', '$', ' ', '"', '[', '.']) + e.slice(at);
    },
    () => pick(['1 <> 2', '1 = 1', '(1', '1)', 'If(true, 1, 2', 'If(true 1, 2)', '', ' ', '1 1', 'a b', '+1', '*2', '[1, 2]', '{Flow.x}']),
  ];
  const out = [];
  const seen = new Set();
  let tries = 0;
  while (out.length < count && tries < count * 20) {
    tries += 1;
    const t = pick(shapes)();
    if (seen.has(t) || t.length > 2000) continue;
    seen.add(t);
    out.push({ text: t, from: 'generated', vars: 'std' });
  }
  return out;
}

// Every operator form of Architect's grammar, on declared variables, so that no form is judged
// only behind an earlier mistake: the conditional, the power, the Integer bit operators, quoted
// members, and the forms Architect refuses (`&&`, `||`).
function operatorForms() {
  const forms = [
    'Task.bln ? 1 : 2', 'Task.bln ? "a" : "b"', 'Task.int == 1 ? Task.str : "x"', '1 ? 2 : 3',
    'Task.bln ? 1 : "b"', 'Task.bln ? Task.int : Task.dec', '(Task.bln ? 1 : 2) + 1',
    'Task.bln ? Task.bln ? 1 : 2 : 3', 'Task.bln ? 1 :', 'Task.bln ? : 2',
    '2 ^ 3', 'Task.int ^ 2', 'Task.dec ^ 0.5', 'Task.str ^ 2', '2 ^ 3 ^ 2', '-2 ^ 2',
    'Task.int & 3', 'Task.int | 4', '~Task.int', '~Task.dec', 'Task.dec & 1', 'Task.str & "a"',
    'Task.bln & Task.bln', 'Task.bln | Task.bln', '(6 & 3) | ~0 & 8', 'Task.int & Task.int | Task.int',
    'Task.bln && Task.bln', 'Task.bln || Task.bln', 'Task.int &', '| Task.int',
    'Task.cur."amount"', 'Task.cur."code" == "USD"', 'Task.phone."e164"', 'Task.cur."Foo"',
    'Task.str."length"', "Task.cur.'amount'", 'Task.cur."amount', 'Task.cur.""',
  ];
  return forms.map((text) => ({ text, from: 'operator forms', vars: 'std' }));
}

// Architect's typing rules, one example each (docs/expressions.md, "Typing rules";
// tests/it/typing_rules.rs), so that each is pinned to Architect's own verdict: Integer and
// Decimal do not mix where a call asks one type, collections hold one type, NOT_SET fits only
// where allowed, only Architect's overloads, flow-type limits.
function typingRules() {
  const rules = [
    'MakeList("a", 1.5)', 'MakeList(Task.int, Task.dec)', 'Sum(1, 2.5)', 'Sum(MakeList(1, 2.5))',
    'If(true, 1, 2.5)', 'If(Task.bln, Task.int, Task.dec)', 'Append(NOT_SET)', 'Append("a", 1)',
    'MakeDuration(1)', 'MakeDuration(0, 0, 0, 1.5)', 'NOT_SET + 1', '!NOT_SET',
    'ToAudioDateTime(Task.dtm, Format.DateTime.shortYear)',
    'GetDayOfWeekOccurrence(1, 2, 3, 4, Task.phone)', 'Contains(Task.strs, "a")',
    'Task.dtm - Task.dtm', 'ToString(ToAudioTTS("a"))', 'FindUser("a@example.com")',
    'FindLanguageSkill("French")', 'FindQueue("Support")', 'FindSkill("Billing")',
    'Sum(ToDecimal(1), 2.5)', 'MakeList(1, NOT_SET)', 'Append("a", ToString(1))',
  ];
  return rules.map((text) => ({ text, from: 'typing rules', vars: 'std' }));
}

function main() {
  const seen = new Set();
  const cases = [];
  for (const c of extracted()) {
    if (seen.has(c.text)) continue;
    seen.add(c.text);
    cases.push({ text: c.text, from: c.from, vars: 'none' });
  }
  for (const c of [...operatorForms(), ...typingRules(), ...generated(3000)]) {
    if (seen.has(c.text)) continue;
    seen.add(c.text);
    cases.push(c);
  }
  const doc = { varSets: { none: {}, std: STD_VARS }, flowType: 'inboundcall', cases };
  fs.writeFileSync(OUT, `${JSON.stringify(doc, null, 1)}\n`);
  process.stdout.write(`${cases.length} cases (${cases.filter((c) => c.from !== 'generated').length} from the project)\n`);
}

main();
