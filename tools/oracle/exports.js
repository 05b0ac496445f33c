// Builds small flows with Architect's Scripting SDK and writes them as Architect exports, the
// files flowsim's export front-end must load, check and run with nothing unsupported:
//   data/exports/<flowtype>/bare.<ext>        each creatable flow type as the SDK creates it
//   data/exports/<flowtype>/Builtin.<ext>     a Decision reading a built-in only that type has
//   data/exports/<flowtype>/<Action>.<ext>    one action (`archFactoryActions.addAction<Action>`)
//                                             with its properties set, every output wired to an
//                                             Update Data writing `Flow.Path` (the output's name)
//   data/exports/report.json                  for every (flow type, action): written, or why the
//                                             SDK refused it ("cannot be used in flows of type")
//   data/action-properties.json               every action the SDK builds (by its `addAction`
//                                             method): its class and property names, which
//                                             are Archy's YAML keys
//   data/slot-conversions.json                what Architect does with an expression of each type
//                                             put in an action's property of each type: keeps
//                                             it, converts it (`ToBool`, `ToInt`...) or refuses
//                                             it ("Cannot convert expression from type ...")
//   data/actions.json                         every action the SDK knows (its bootstrap action
//                                             list): export `__type`, flow types, and the outputs
//                                             and defaults seen in the exports (`exported`: one
//                                             of them was built)
//
// Files are the raw `.i3*` content `exportToObjectAsync` gives (base64 of URI-encoded JSON), as
// Architect's Export button writes them. Ids are made deterministic by seeding the random source
// afresh for every flow, so running this twice gives the same bytes.
//
// Things Architect looks up in the org: a queue, user, group, data action and screen-pop script
// are set through the SDK's id (or name) setters, answered by the stub in sdk.js (`ORG`), and so
// are a schedule, schedule group and emergency group; the rest (target flows, responses, wrap-up
// codes) are left unset, as Architect leaves them before its validation warns. report.json says
// which, per action.
//
// Usage: node exports.js [out-dir]   (default: data/)
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { withSdk, ORG } = require('./sdk');
const { FLOW_TYPES, createFlow, allowDecision } = require('./flows');

// A built-in of each flow type that no other type the SDK creates has.
const BUILTIN = {
  inboundcall: 'Call.Ani',
  inboundemail: 'Email.Language',
  inboundshortmessage: 'Message.IsNewConversation',
  outboundcall: 'Call.ContactId',
  securecall: 'Flow.InvocationData',
  surveyinvite: 'Survey.Url',
  inqueuecall: 'Call.PositionInQueue',
};

const outDir = path.resolve(process.argv[2] || path.join(__dirname, 'data'));

// A small seeded generator (mulberry32) behind Math.random and crypto.randomBytes: the SDK's
// GUIDs come from crypto.randomBytes (its bundled uuid), other choices from Math.random.
crypto.randomBytes = (size, cb) => {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i++) buf[i] = Math.floor(Math.random() * 256);
  if (cb) {
    cb(null, buf);
    return undefined;
  }
  return buf;
};

function seed(n) {
  let a = n >>> 0;
  Math.random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hash(text) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}

function exportFlow(flow) {
  return new Promise((resolve, reject) => {
    Promise.resolve(flow.exportToObjectAsync((o) => resolve(o))).catch(reject);
  });
}

function decode(content) {
  return JSON.parse(decodeURIComponent(Buffer.from(content, 'base64').toString('utf8')));
}

function sorted(obj) {
  if (Array.isArray(obj)) return obj.map(sorted);
  if (obj && typeof obj === 'object') {
    const out = {};
    for (const k of Object.keys(obj).sort()) out[k] = sorted(obj[k]);
    return out;
  }
  return obj;
}

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

// The container an action goes in: a task of its own for call flows (set as the start), the
// start-up state of an email flow, the in-queue flow's loop task.
function mainContainer(sdk, flow, name) {
  if (['inboundcall', 'outboundcall', 'securecall'].includes(name)) {
    return sdk.factories.archFactoryTasks.addTask(flow, 'Main', true);
  }
  return flow.startUpObject;
}

// What each `addAction*` needs beyond its defaults: `add(cx)` makes the action (in `cx.at`),
// sets its properties to valid values, and returns it. `notes` says what could not be set
// offline. The default is `A[method](cx.at, name)`.
function recipes(sdk) {
  const A = sdk.factories.archFactoryActions;
  const T = sdk.factories.archFactoryTasks;
  const tts = (audio, text) => audio.setDefaultCaseExpressionToAudioTTS(text);
  return {
    AbortSurveyInvite: { add: (cx) => A.addActionAbortSurveyInvite(cx.at, cx.name) },
    CallBridge: {
      notes: 'the bridge action is looked up by name in the org: left unset',
    },
    CallData: {
      notes: "set by id (the stub's data action); its contract's inputs and outputs are not read offline, so none are bound",
      add: async (cx) => {
        const a = A.addActionCallData(cx.at, cx.name);
        await a.setDataActionByIdAsync(ORG['integrations/actions'].id);
        return a;
      },
    },
    CallDataSecure: { notes: 'the secure data action is looked up by id in the org: left unset' },
    CallLexBot: { notes: 'the Lex bot alias is looked up by id in the org: left unset' },
    CallTask: {
      add: (cx) => {
        const target = T.addTask(cx.flow, 'Called');
        A.addActionUpdateData(target, 'In called task').addUpdateDataStatement(
          cx.flow.dataTypes.string,
          'Flow.Called',
          '"yes"',
        );
        return A.addActionCallTask(cx.at, cx.name, target);
      },
    },
    ChangeState: {
      add: (cx) => {
        const target = sdk.factories.archFactoryStates.addState(cx.flow, 'Next');
        A.addActionUpdateData(target, 'In next state').addUpdateDataStatement(
          cx.flow.dataTypes.string,
          'Flow.State',
          '"next"',
        );
        return A.addActionChangeState(cx.at, cx.name, target);
      },
    },
    CollectInput: {
      add: (cx) => {
        const a = A.addActionCollectInput(cx.at, cx.name, 'Enter your account number', 'Flow.Digits');
        a.setDigitsRange(1, 6, '#');
        return a;
      },
    },
    CompleteSurveyInvite: {
      add: (cx) => {
        const a = A.addActionCompleteSurveyInvite(cx.at, cx.name);
        a.targetAddress.setExpression('"customer@example.com"');
        a.inviteSubject.setExpression('"How did we do?"');
        a.inviteBody.setExpression('"Please take our survey"');
        return a;
      },
    },
    CreateCallback: {
      add: async (cx) => {
        const a = A.addActionCreateCallback(cx.at, cx.name);
        a.callbackNumber.setExpression('ToPhoneNumber("+13175550123")');
        a.calleeName.setExpression('"Pat"');
        await a.queue.setLiteralByQueueIdAsync(ORG['routing/queues'].id);
        return a;
      },
    },
    DataTableLookup: { notes: 'the data table is looked up by id in the org: left unset' },
    Decision: { add: (cx) => A.addActionDecision(cx.at, cx.name, 'Flow.IsTest == false') },
    DialByExtension: {
      add: (cx) => A.addActionDialByExtension(cx.at, cx.name, 'Flow.Extension', 'Enter the extension', 2, 3000),
    },
    EndTask: {
      add: (cx) => {
        const target = T.addTask(cx.flow, 'Called');
        const end = A.addActionEndTask(target, 'End Task');
        cx.after = A.addActionCallTask(cx.at, 'Call Task', target);
        return end;
      },
    },
    EvaluateSchedule: {
      add: async (cx) => {
        const a = A.addActionEvaluateSchedule(cx.at, cx.name);
        await a.setScheduleByIdAsync(ORG.schedules.id);
        return a;
      },
    },
    EvaluateScheduleGroup: {
      add: async (cx) => {
        const a = A.addActionEvaluateScheduleGroup(cx.at, cx.name);
        await a.setScheduleGroupByIdAsync(ORG.schedulegroups.id);
        await a.setEmergencyGroupByIdAsync(ORG.emergencygroups.id);
        return a;
      },
    },
    ExtractSecureData: {
      add: (cx) => {
        const a = A.addActionExtractSecureData(cx.at, cx.name);
        a.addExtractSecureDataStatement(cx.flow.dataTypes.string, 'Flow.Card', 'Flow.InvocationData');
        return a;
      },
    },
    FindSystemPrompt: {
      add: (cx) => {
        const a = A.addActionFindSystemPrompt(cx.at, cx.name);
        a.findName.setExpression('"welcome"');
        a.findResult.setVariable('Flow.Prompt');
        return a;
      },
    },
    FindUserPrompt: {
      add: (cx) => {
        const a = A.addActionFindUserPrompt(cx.at, cx.name);
        a.findName.setExpression('"greeting"');
        a.findResult.setVariable('Flow.Prompt');
        return a;
      },
    },
    GetExternalContact: {
      add: (cx) => {
        const a = A.addActionGetExternalContact(cx.at, cx.name);
        a.externalId.setExpression('"contact-1"');
        a.externalResult.setVariable('Flow.Contact');
        return a;
      },
    },
    GetExternalOrganization: {
      add: (cx) => {
        const a = A.addActionGetExternalOrganization(cx.at, cx.name);
        a.externalId.setExpression('"org-1"');
        a.externalResult.setVariable('Flow.Organization');
        return a;
      },
    },
    GetParticipantData: {
      add: (cx) => {
        const a = A.addActionGetParticipantData(cx.at, cx.name);
        a.addAttributeNameOutputValuePair('"tier"').value.setVariable('Flow.Tier');
        return a;
      },
    },
    GetResponse: { notes: 'the response and its library are looked up in the org: left unset' },
    HoldMusic: { add: (cx) => A.addActionHoldMusic(cx.at, cx.name) },
    JumpToMenu: {
      add: (cx) => {
        const menu = sdk.factories.archFactoryMenus.addMenu(cx.flow, 'Target Menu', 'Press 1');
        sdk.factories.archFactoryMenus.addMenuDisconnect(menu, 'Disconnect', '1');
        return A.addActionJumpToMenu(cx.at, cx.name, menu);
      },
    },
    JumpToTask: {
      add: (cx) => {
        const target = T.addTask(cx.flow, 'Target');
        A.addActionUpdateData(target, 'In target task').addUpdateDataStatement(
          cx.flow.dataTypes.string,
          'Flow.Jumped',
          '"yes"',
        );
        return A.addActionJumpToTask(cx.at, cx.name, target);
      },
    },
    Loop: {
      add: (cx) => {
        const a = A.addActionLoop(cx.at, cx.name, 'Flow.Index', '3');
        A.addActionUpdateData(a.outputLoop, 'Count').addUpdateDataStatement(
          cx.flow.dataTypes.integer,
          'Flow.Count',
          'If(IsSet(Flow.Count), Flow.Count + 1, 1)',
        );
        return a;
      },
    },
    LoopExit: {
      add: (cx) => {
        const loop = A.addActionLoop(cx.at, 'Loop', 'Flow.Index', '3');
        cx.after = loop;
        return A.addActionLoopExit(loop.outputLoop, cx.name);
      },
    },
    LoopNext: {
      add: (cx) => {
        const loop = A.addActionLoop(cx.at, 'Loop', 'Flow.Index', '3');
        cx.after = loop;
        return A.addActionLoopNext(loop.outputLoop, cx.name);
      },
    },
    PlayAudio: { add: (cx) => A.addActionPlayAudio(cx.at, cx.name, 'Thank you for calling') },
    PlayEstimatedWaitTime: {},
    PlayPositionInQueue: {},
    PreviousMenu: {
      add: (cx) => {
        const menu = sdk.factories.archFactoryMenus.addMenu(cx.flow, 'Target Menu', 'Press 1');
        sdk.factories.archFactoryMenus.addMenuDisconnect(menu, 'Disconnect', '1');
        const sub = sdk.factories.archFactoryMenus.addMenuSubMenu(menu, 'Sub Menu', '2', 'Press star to go back');
        cx.after = A.addActionJumpToMenu(cx.at, 'Jump to Menu', menu);
        return sdk.factories.archFactoryMenus.addMenuPreviousMenu(sub, cx.name, '*');
      },
    },
    ReturnToAgent: {},
    SendAutoReply: {
      add: (cx) => {
        const a = A.addActionSendAutoReply(cx.at, cx.name);
        a.messageBody.setExpression('"Thanks for your email"');
        return a;
      },
    },
    SetFlowOutcome: { notes: 'the flow outcome is looked up by id in the org: left unset' },
    SetLanguage: {},
    SetParticipantData: {
      add: (cx) => {
        const a = A.addActionSetParticipantData(cx.at, cx.name);
        a.addAttributeNameValuePair('"tier"', '"gold"');
        return a;
      },
    },
    SetScreenPop: {
      add: async (cx) => {
        const a = A.addActionSetScreenPop(cx.at, cx.name);
        await a.setScriptByNameAsync(ORG.scripts[0].name);
        return a;
      },
    },
    SetUUIData: {
      add: (cx) => {
        const a = A.addActionSetUUIData(cx.at, cx.name);
        a.uuiData.setExpression('"0123ABCD"');
        return a;
      },
    },
    SetWhisperAudio: { add: (cx) => A.addActionSetWhisperAudio(cx.at, cx.name, 'ToAudioTTS("Gold customer")') },
    SetWrapupCode: { notes: 'wrap-up codes are looked up in the org: left unset' },
    Switch: {
      add: (cx) => {
        const a = A.addActionSwitch(cx.at, cx.name);
        a.setFirstTrueSwitch();
        a.addCase().setExpression('Flow.IsTest == false');
        return a;
      },
    },
    TransferToAcd: {
      add: async (cx) => {
        const email = cx.ft === 'inboundemail';
        const a = A.addActionTransferToAcd(cx.at, cx.name, email ? undefined : 'Transferring you now');
        await a.setLiteralByQueueIdAsync(ORG['routing/queues'].id);
        return a;
      },
    },
    TransferToFlow: { notes: 'the target flow is looked up in the org: left unset' },
    TransferToFlowSecure: { notes: 'the target secure flow is looked up in the org: left unset' },
    TransferToGroup: {
      add: async (cx) => {
        const a = A.addActionTransferToGroup(cx.at, cx.name, 'Transferring you now');
        await a.targetGroup._setLiteralByIdAsync(ORG.groups.id);
        return a;
      },
    },
    TransferToNumber: {
      add: (cx) => A.addActionTransferToNumber(cx.at, cx.name, 'Transferring you now', '"+13175550199"'),
    },
    TransferToUser: {
      add: async (cx) => {
        const a = A.addActionTransferToUser(cx.at, cx.name, 'Transferring you now');
        await a.targetUser.setLiteralByUserIdAsync(ORG.users.id);
        return a;
      },
    },
    TransferToVoicemail: {},
    UpdateData: {
      add: (cx) => {
        const a = A.addActionUpdateData(cx.at, cx.name);
        a.addUpdateDataStatement(cx.flow.dataTypes.string, 'Flow.Greeting', 'Append("Hello ", "world")');
        return a;
      },
    },
    Wait: { add: (cx) => A.addActionWait(cx.at, cx.name, 'MakeDuration(0, 0, 2, 0)') },
  };
}

// Wires every output of `action` to an Update Data writing `Flow.Path` (the output's name).
function wire(sdk, flow, action) {
  const A = sdk.factories.archFactoryActions;
  const count = action.outputCount || 0;
  const outputs = [];
  for (let i = 0; i < count; i++) {
    const output = action.getOutputByIndex(i);
    if (!output) continue;
    outputs.push(output.name);
    if (output.actionCount > 0) continue;
    A.addActionUpdateData(output, `On ${output.name}`).addUpdateDataStatement(
      flow.dataTypes.string,
      'Flow.Path',
      JSON.stringify(output.name),
    );
  }
  return outputs;
}

async function build(sdk, ft, method, recipe) {
  seed(hash(`${ft.name}/${method}`));
  const flow = await createFlow(sdk, ft.factory, `sdk_${ft.name}_${method || 'bare'}`);
  if (!method) return { flow };
  const at = mainContainer(sdk, flow, ft.name);
  const cx = { flow, ft: ft.name, at, name: method.replace(/([a-z])([A-Z])/g, '$1 $2'), after: null };
  const A = sdk.factories.archFactoryActions;
  const action = recipe.add ? await recipe.add(cx) : A[`addAction${method}`](at, cx.name);
  const outputs = wire(sdk, flow, action);
  if (cx.after && cx.after !== action) wire(sdk, flow, cx.after);
  return { flow, outputs, properties: properties(action) };
}

// The getters every action has (its identity, outputs, logging, validation state): not
// properties of one action.
const GENERIC = /^(className|coreFactory|displayTypeName\w*|hasFakeSuccessOutput|id|idMayBeBlank|is[A-Z]\w*|logStr\w*|name|output\w*|trackingId|parent\w*|flow|containingFlow)$/;

// The SDK's property names of `action`: the getters of its class and the classes it extends
// (`targetQueue` on ArchActionTransferToAcd), which Archy's YAML keys are; and for each that
// holds a value, the value's type (`ArchValueDuration` gives `Duration`, `ArchValueStringCollection`
// `StringCollection`), the type Architect checks the property's expression against.
function properties(action) {
  const names = new Set();
  for (let p = action; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
      if (d.get && !GENERIC.test(k)) names.add(k);
    }
  }
  const types = {};
  for (const k of names) {
    let v;
    try {
      v = action[k];
    } catch (e) {
      continue;
    }
    const shown = v && typeof v === 'object' ? v.displayTypeName : undefined;
    const m = typeof shown === 'string' && /^ArchValue(\w+)$/.exec(shown);
    if (m) types[k] = m[1];
  }
  return { properties: [...names].sort(), types };
}

// Every action object of an export, menu choices' actions included.
function actionsOf(doc) {
  const out = [];
  for (const q of doc.flowSequenceItemList || []) {
    for (const a of q.actionList || []) out.push(a);
    for (const c of q.menuChoiceList || []) if (c.action) out.push(c.action);
  }
  return out;
}

// What the exports show of each action type: its outputs (`paths`, a loop's `path`) and the
// flow-level defaults Architect writes for it (`defaultSettings`).
function observe(seen, doc, flowType) {
  for (const a of actionsOf(doc)) {
    const t = (seen[a.__type] = seen[a.__type] || { outputs: [], flowTypes: [], defaults: {} });
    if (!t.flowTypes.includes(flowType)) t.flowTypes.push(flowType);
    for (const p of (a.paths || []).concat(a.path ? [a.path] : [])) {
      // A switch's cases are outputs with ids of their own; the fixed ones look like `__YES__`.
      if (!/^__\w+__$/.test(p.outputId)) t.dynamicOutputs = true;
      else if (!t.outputs.some((o) => o.id === p.outputId)) t.outputs.push({ id: p.outputId, label: p.label });
    }
  }
  for (const [type, settings] of Object.entries(doc.defaultSettings || {})) {
    const t = (seen[type] = seen[type] || { outputs: [], flowTypes: [], defaults: {} });
    for (const [k, v] of Object.entries(settings)) {
      if (v && typeof v === 'object' && 'text' in v) t.defaults[k] = v.text;
    }
  }
}

// data/actions.json: every action of the SDK's bootstrap list (module with `actions` keyed by
// export type, `TransferPureMatchAction` among them), with the flow types allowing it, and what
// the exports showed: outputs (id and label) and defaults.
function actionFacts(sdk, seen) {
  let boot;
  for (const [id, fn] of Object.entries(sdk.bundle.sources)) {
    if (!String(fn).includes('TransferPureMatchAction')) continue;
    const m = sdk.bundle.req(id);
    for (const c of [m, m && m.default]) if (c && c.actions && c.actions.TransferPureMatchAction) boot = c;
  }
  if (!boot) throw new Error("the SDK's bootstrap action list was not found");
  const out = [];
  for (const type of Object.keys(boot.actions).sort()) {
    const a = boot.actions[type];
    const s = seen[type] || { outputs: [], flowTypes: [], defaults: {} };
    out.push({
      type,
      category: (a.categoryInfo && a.categoryInfo.categoryId) || null,
      flowTypes: [...a.flowTypes].sort(),
      exported: s.flowTypes.length > 0,
      outputs: s.outputs,
      dynamicOutputs: Boolean(s.dynamicOutputs),
      defaults: sorted(s.defaults),
    });
  }
  return { flowTypes: [...boot.flowTypes].sort(), actions: out };
}

function message(e) {
  return String((e && e.message) || e).replace(/\s+/g, ' ').trim();
}

// A property of each type an action's property has (the host), and an expression of each
// type: what Architect's editor does with the expression put in the property. The Duration
// properties of the call-flow actions the SDK builds take literals only, and its DateTime
// property is an email flow's, so those two types have no host here.
const SLOT_HOSTS = [
  ['Boolean', [['Decision', 'condition']]],
  ['Integer', [['TransferToAcd', 'priority']]],
  ['String', [['SetUUIData', 'uuiData']]],
  ['PhoneNumber', [['CreateCallback', 'callbackNumber']]],
  ['Queue', [['TransferToAcd', 'targetQueue']]],
  ['User', [['TransferToUser', 'targetUser']]],
  ['Group', [['TransferToGroup', 'targetGroup']]],
  ['LanguageSkill', [['TransferToAcd', 'languageSkill']]],
  ['WrapupCode', [['SetWrapupCode', 'wrapupCode']]],
];
const SLOT_SAMPLES = [
  ['Boolean', 'true'],
  ['Integer', '1'],
  ['Decimal', '1.5'],
  ['String', '"abc"'],
  ['Duration', 'MakeDuration(0, 0, 1, 0)'],
  ['DateTime', 'GetCurrentDateTimeUtc()'],
  ['Currency', 'MakeCurrency(1.5, "USD")'],
  ['PhoneNumber', 'ToPhoneNumber("+13175550100")'],
  ['Queue', 'ToQueue(NOT_SET)'],
  ['User', 'ToUser(NOT_SET)'],
  ['Group', 'ToGroup(NOT_SET)'],
  ['Skill', 'ToSkill(NOT_SET)'],
  ['LanguageSkill', 'ToLanguageSkill(NOT_SET)'],
  ['WrapupCode', 'ToWrapupCode(NOT_SET)'],
  ['IntegerCollection', 'MakeList(1, 2)'],
  ['StringCollection', 'MakeList("a", "b")'],
];

// `{<property type>: {<expression type>: "keep" | "To..." | "refuse"}}`.
async function slotConversions(sdk) {
  const flow = await createFlow(sdk, 'createFlowInboundCallAsync', 'slot_conversions');
  const task = sdk.factories.archFactoryTasks.addTask(flow, 'Main', true);
  const A = sdk.factories.archFactoryActions;
  const out = {};
  for (const [type, candidates] of SLOT_HOSTS) {
    // The first candidate property that takes an expression (some take literals only).
    const own = SLOT_SAMPLES.find((x) => x[0] === type)[1];
    const slot = candidates
      .map(([method, prop]) => A[`addAction${method}`](task, `${method} ${prop}`)[prop])
      .find((v) => {
        try {
          v.setExpression(own);
          return true;
        } catch (e) {
          return false;
        }
      });
    if (!slot) throw new Error(`no property of type ${type} takes an expression`);
    const row = {};
    for (const [from, text] of SLOT_SAMPLES) {
      try {
        slot.setExpression(text);
        const core = slot._coreExpression;
        const top = Object.keys(core.config)[0];
        const converted = core.resultType === 'info' && /^Using '(\w+)'/.exec(core.resultMessage || '');
        row[from] = converted ? converted[1] : 'keep';
        if (converted && top !== converted[1]) throw new Error(`${type} <- ${from}: ${top} is not ${converted[1]}`);
      } catch (e) {
        const why = message(e);
        if (!/Cannot convert expression from type/.test(why)) throw new Error(`${type} <- ${from}: ${why}`);
        row[from] = 'refuse';
      }
    }
    out[type] = row;
  }
  return out;
}

withSdk(async (sdk) => {
  const A = sdk.factories.archFactoryActions;
  const methods = Object.keys(Object.getPrototypeOf(A))
    .concat(Object.getOwnPropertyNames(Object.getPrototypeOf(A)), Object.keys(A))
    .filter((m) => /^addAction/.test(m) && typeof A[m] === 'function');
  const names = [...new Set(methods)].map((m) => m.slice('addAction'.length)).sort();
  const book = recipes(sdk);
  const report = { methods: names.length, flowTypes: {}, actions: {} };
  const exportsDir = path.join(outDir, 'exports');
  const seen = {};
  const props = {};
  for (const ft of FLOW_TYPES) {
    const counts = { bare: 0, actions: 0, refused: 0 };
    for (const method of [null, ...names]) {
      let built;
      try {
        built = await build(sdk, ft, method, book[method] || {});
      } catch (e) {
        const why = message(e);
        (report.actions[method] = report.actions[method] || {})[ft.name] = { refused: why };
        counts.refused += 1;
        continue;
      }
      const o = await exportFlow(built.flow);
      const ext = o.fileName.slice(o.fileName.lastIndexOf('.'));
      write(path.join(exportsDir, ft.name, `${method || 'bare'}${ext}`), o.content);
      observe(seen, decode(o.content), ft.name);
      if (method) {
        props[method] = built.properties;
        const doc = decode(o.content);
        (report.actions[method] = report.actions[method] || {})[ft.name] = {
          file: `${ft.name}/${method}${ext}`,
          outputs: built.outputs,
          notes: (book[method] && book[method].notes) || null,
          types: [...new Set(doc.flowSequenceItemList.flatMap((q) => (q.actionList || []).map((a) => a.__type)))].sort(),
        };
        counts.actions += 1;
      } else {
        counts.bare += 1;
      }
    }
    // A Decision reading a built-in only this flow type has (as Architect's checker accepts
    // it: data/builtins.json), the only action of its container, its outputs left empty: Update Data cannot be added offline in
    // every type (see flows.js), and the export is about the reference.
    {
      seed(hash(`${ft.name}/Builtin`));
      allowDecision(sdk, ft.name);
      const flow = await createFlow(sdk, ft.factory, `sdk_${ft.name}_Builtin`);
      const at = mainContainer(sdk, flow, ft.name);
      // A new message flow's state starts with a Disconnect, which would leave the Decision
      // unreachable.
      for (const a of [...at.actions]) at.deleteAction(a);
      A.addActionDecision(at, 'Builtin', `IsSet(${BUILTIN[ft.name]})`);
      const o = await exportFlow(flow);
      write(path.join(exportsDir, ft.name, `Builtin${o.fileName.slice(o.fileName.lastIndexOf('.'))}`), o.content);
      counts.builtin = 1;
    }
    report.flowTypes[ft.name] = counts;
  }
  write(path.join(exportsDir, 'report.json'), `${JSON.stringify(sorted(report), null, 1)}\n`);
  write(path.join(outDir, 'actions.json'), `${JSON.stringify(actionFacts(sdk, seen), null, 1)}\n`);
  write(path.join(outDir, 'action-properties.json'), `${JSON.stringify(sorted(props), null, 1)}\n`);
  write(path.join(outDir, 'slot-conversions.json'), `${JSON.stringify(await slotConversions(sdk), null, 1)}\n`);
  return report;
})
  .then((r) => {
    for (const [t, c] of Object.entries(r.flowTypes)) console.log(`${t}: ${c.actions} actions, ${c.refused} refused`);
    process.exit(0);
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
