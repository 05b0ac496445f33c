// Flows built in the SDK and Architect's checker over them.
//
// `createFlow(sdk, factory, name?)` makes a flow of one of the types the SDK can create (in memory,
// no server). `checker(sdk, flow, vars)` returns `check(text)`: Architect's verdict on an expression in a
// task of that flow, as `{valid, type, tree, message}` or `{valid: false, error}`.
'use strict';

// The flow types the SDK's factory creates, with the name flowsim's docs and tests use.
const FLOW_TYPES = [
  { name: 'inboundcall', factory: 'createFlowInboundCallAsync' },
  { name: 'inboundemail', factory: 'createFlowInboundEmailAsync' },
  { name: 'inboundshortmessage', factory: 'createFlowInboundShortMessageAsync' },
  { name: 'outboundcall', factory: 'createFlowOutboundCallAsync' },
  { name: 'securecall', factory: 'createFlowSecureCallAsync' },
  { name: 'surveyinvite', factory: 'createFlowSurveyInviteAsync' },
  { name: 'inqueuecall', factory: 'createFlowInQueueCallAsync' },
];

let counter = 0;

function createFlow(sdk, factory, name) {
  const F = sdk.factories.archFactoryFlows;
  counter += 1;
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (flow) => {
      if (done) return;
      done = true;
      if (flow) resolve(flow);
      else reject(new Error(`${factory}: the SDK gave no flow`));
    };
    Promise.resolve(F[factory](name || `oracle_${counter}`, 'built by flowsim oracle', undefined, finish)).catch((e) =>
      reject(e || new Error(`${factory} failed`)),
    );
  });
}

// The kind of a parse-tree node: its one key (`lit`, `ref`, `sysref`, a function name, `+`...).
function nodeKind(node) {
  return Object.keys(node)[0];
}

// Where an expression can be put in `flow`: a task of its own; in flows that take no new tasks,
// the flow's startup object (an in-queue call flow's looping task; the first state of a message
// or survey invite flow).
function container(sdk, flow) {
  try {
    return sdk.factories.archFactoryTasks.addTask(flow, `checks_${(counter += 1)}`, false);
  } catch (e) {
    if (!/does not support adding tasks/.test(String((e && e.message) || e))) throw e;
    return flow.startUpObject;
  }
}

// Offline the SDK reads which flow types each action serves from its built-in bootstrap data,
// which predates inbound message and survey invite flows: there no action at all can be added.
// Architect's configuration service lists the Decision action for those flow types; the same is
// done here for Decision alone (the checker reads the flow's type, never this list).
function allowDecision(sdk, flowType) {
  const nodes = sdk.moduleByMarker('N="NodeManager"');
  const info = nodes.getInfo('DecisionAction');
  if (!info.isAvailableForFlowType(flowType)) info.supportedFlowTypes = [...info.supportedFlowTypes, flowType];
}

// `vars` maps Task variable names to `flow.dataTypes` names (`{'Task.x': 'integer'}`): the
// variables the expressions may read.
function checker(sdk, flow, vars = {}) {
  allowDecision(sdk, flow.flowType);
  const host = container(sdk, flow);
  for (const [name, type] of Object.entries(vars)) {
    if (!flow.dataTypes[type]) throw new Error(`${name}: the SDK has no data type ${type}`);
    host.addVariable(name, flow.dataTypes[type]);
  }
  const decision = sdk.factories.archFactoryActions.addActionDecision(host, 'check', 'true');
  return (text) => {
    try {
      decision.condition.setExpression(text);
    } catch (e) {
      const msg = String((e && e.message) || e);
      const m = msg.match(/Reason:\s+([\s\S]*?)\s+-- \[/);
      return { valid: false, error: m ? m[1] : msg };
    }
    const core = decision.condition._coreExpression;
    let tree = core.config;
    // Offline the SDK accepts some texts without building their tree (`ToAudio` of a system
    // prompt it has no data for): it neither refuses nor types them.
    if (!tree) return { valid: true, type: null, tree: null, message: null, noTree: true };
    // A Boolean slot converts what it is given: the expression's own type is under the ToBool.
    const converted = core.resultType === 'info' && /^Using 'ToBool'/.test(core.resultMessage || '');
    if (converted) tree = tree.ToBool.operands[0];
    if (!tree) return { valid: true, type: null, tree: null, message: null, noTree: true };
    const kind = nodeKind(tree);
    return { valid: true, type: tree[kind].type, tree, message: converted ? null : core.resultMessage || null };
  };
}

module.exports = { FLOW_TYPES, createFlow, checker, nodeKind, allowDecision };
