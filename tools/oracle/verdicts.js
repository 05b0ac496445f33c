// Architect's verdict on every case of data/verdict-cases.json, written to data/verdicts.json
// (one entry per case, in the same order), which tests/it/verdicts.rs compares flowsim's checker
// with.
//
// A verdict is `{text, valid, type, class, position, message}`:
//   valid     whether Architect's checker accepts the text in a task that declares the case's
//             variables (an Integer, a String... is accepted: the Decision slot converts it);
//   type      the expression's own result type as Architect's code (`int`, `str_coll`), null
//             for a bare NOT_SET or an invalid text;
//   class     for an invalid text, the kind of mistake, read from Architect's message:
//               syntax           `Error at position N.`, `Missing ) for ( at position 3.` (the
//                                parser stopped)
//               unknownFunction  `'Foo' at position 1 is not a valid function or variable reference.`
//               unknownVariable  `The variable reference 'Task.y' at position 1 is not valid.`
//               unknownMember    `There is no property named 'cents' for the data type Currency`
//               integerRange     an integer literal past ±999,999,999,999,999
//               flowType         a function this flow type may not call (FindQueue in a call flow)
//               noOverload       `'+' at position 5 : There is no implementation that accepts ...`
//                                (wrong types or a wrong number of arguments)
//               typeMismatch     two arguments that must share a type do not (`==`, If)
//               argumentValue    a literal argument out of the parameter's range (`1 / 0`,
//                                `MakeDateTime(2026, 1, 1, 24, 0, 0)`, an unknown currency code)
//               other            anything else (the message says what)
//               noVerdict        the SDK accepted the text offline but built no expression
//                                tree, so it gave neither a refusal nor a type (`ToAudio` of a
//                                system prompt it has no data for): the tests count such a case
//                                and compare nothing
//   position  Architect's 1-based position of the mistake, null when valid;
//   message   Architect's message, null when valid.
//
// Usage: node verdicts.js [dir] (default data/: reads verdict-cases.json there, writes
// verdicts.json beside it). Same bytes on every run.
'use strict';

const fs = require('fs');
const path = require('path');
const { withSdk } = require('./sdk');
const { FLOW_TYPES, createFlow, checker } = require('./flows');

const DIR = path.resolve(process.argv[2] || path.join(__dirname, 'data'));
const CASES = path.join(DIR, 'verdict-cases.json');
const OUT = path.join(DIR, 'verdicts.json');

// Architect's display names of types (as its messages write them) to its codes.
const CODES = {
  Integer: 'int', Decimal: 'dec', String: 'str', Boolean: 'bln', Duration: 'dur', DateTime: 'dtm',
  Currency: 'cur', Audio: 'aud', Prompt: 'pmt', PhoneNumber: 'phn', Queue: 'que', Skill: 'skl',
  Group: 'grp', 'ACD Skill': 'skl', User: 'usr', UserQueue: 'usr', LanguageSkill: 'lac',
  'Language Skill': 'lac', Contact: 'con',
  // The lookup containers and their entries (`System.Regions`, `System.Regions.US`).
  'ConversationTypes Enum Container': 'ctc', 'ConversationType Enum': 'cte',
  'Currencies Enum Container': 'cec', 'Currency Enum': 'cre', 'DateTime Enum Container': 'dlc',
  'Day of Week Enum Container': 'dwc', 'Languages Enum Container': 'lnc', 'Language Enum': 'lge',
  'Regions Enum Container': 'rec', 'Region Enum': 'rge', 'SurveyDispositions Enum Container': 'sec',
  'SurveyDisposition Enum': 'sde',
};

function codeOf(display) {
  const coll = display.endsWith(' Collection');
  const base = coll ? display.slice(0, -' Collection'.length) : display;
  const code = CODES[base] || base;
  return coll ? `${code}_coll` : code;
}

function classify(message) {
  const pos = (re) => {
    const m = message.match(re);
    return m ? Number(m[1]) : null;
  };
  let m = message.match(/^Cannot convert expression from type (.+) to required type of Boolean\.$/);
  if (m) return { convertedFrom: codeOf(m[1]) };
  const at = pos(/at (?:character )?position (\d+)/);
  const rules = [
    ['syntax', /^Error at position \d+\.?$|^Missing [)\]] for [([]|^Missing end quote|Missing parentheses after function name|^No property specified to access after \.|^Invalid input at character position|^There is no expression defined/],
    ['unknownFunction', /is not a valid function or variable reference/],
    ['unknownVariable', /^The variable reference '.*' at position \d+ is not valid\.$/],
    ['unknownMember', /^There is no property named '.*' for the data type/],
    ['integerRange', /^The integer value \S+ at position \d+ is (?:greater|less) than the (?:maximum|minimum) allowed/],
    ['flowType', /is not valid for use in a flow of type/],
    ['noOverload', /There is no implementation that|Expected parameter \d+ to be of type/],
    ['typeMismatch', /must be the same type|Must be passed arguments of the same type/],
    ['argumentValue', /supplied to the \w+ parameter|divisor parameter value of|must be a literal value|at least one parameter that is not the value NOT_SET/],
  ];
  for (const [cls, re] of rules) if (re.test(message)) return { class: cls, position: at };
  return { class: 'other', position: at };
}

function verdict(check, text) {
  const r = check(text);
  if (r.noTree) {
    const message = 'the SDK built no expression tree offline';
    return { text, valid: true, type: null, class: 'noVerdict', position: null, message };
  }
  if (r.valid) {
    const kind = Object.keys(r.tree)[0];
    return { text, valid: true, type: kind === 'nul' ? null : r.type, class: null, position: null, message: null };
  }
  const c = classify(r.error);
  if (c.convertedFrom) {
    return { text, valid: true, type: c.convertedFrom, class: null, position: null, message: null };
  }
  return { text, valid: false, type: null, class: c.class, position: c.position, message: r.error };
}

withSdk(async (sdk) => {
    const doc = JSON.parse(fs.readFileSync(CASES, 'utf8'));
    const ft = FLOW_TYPES.find((f) => f.name === doc.flowType);
    const checks = {};
    for (const [name, vars] of Object.entries(doc.varSets)) {
      checks[name] = checker(sdk, await createFlow(sdk, ft.factory), vars);
    }
    const out = doc.cases.map((c) => verdict(checks[c.vars], c.text));
    fs.writeFileSync(`${OUT}.tmp`, `${JSON.stringify(out, null, 1)}\n`);
    fs.renameSync(`${OUT}.tmp`, OUT);
    const counts = {};
    for (const v of out) {
      const k = v.class || 'valid';
      counts[k] = (counts[k] || 0) + 1;
    }
    process.stdout.write(`${out.length} verdicts ${JSON.stringify(counts)}\n`);
  },
).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`verdicts failed: ${(e && e.stack) || e}\n`);
    process.exit(1);
  },
);
