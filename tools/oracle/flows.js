// Flows built in the SDK and Architect's checker over them.
//
// `createFlow(sdk, factory)` makes a flow of one of the types the SDK can create (in memory, no
// server). `checker(sdk, flow, vars)` returns `check(text)`: Architect's verdict on an expression in a
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

function createFlow(sdk, factory) {
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
    Promise.resolve(F[factory](`oracle_${counter}`, 'built by flowsim oracle', undefined, finish)).catch((e) =>
      reject(e || new Error(`${factory} failed`)),
    );
  });
}

// The kind of a parse-tree node: its one key (`lit`, `ref`, `sysref`, a function name, `+`...).
function nodeKind(node) {
  return Object.keys(node)[0];
}

// `vars` maps Task variable names to `flow.dataTypes` names (`{'Task.x': 'integer'}`): the
// variables the expressions may read.
function checker(sdk, flow, vars = {}) {
  const task = sdk.factories.archFactoryTasks.addTask(flow, `checks_${(counter += 1)}`, false);
  for (const [name, type] of Object.entries(vars)) {
    if (!flow.dataTypes[type]) throw new Error(`${name}: the SDK has no data type ${type}`);
    task.addVariable(name, flow.dataTypes[type]);
  }
  const decision = sdk.factories.archFactoryActions.addActionDecision(task, 'check', 'true');
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
    // A Boolean slot converts what it is given: the expression's own type is under the ToBool.
    const converted = core.resultType === 'info' && /^Using 'ToBool'/.test(core.resultMessage || '');
    if (converted) tree = tree.ToBool.operands[0];
    const kind = nodeKind(tree);
    return { valid: true, type: tree[kind].type, tree, message: converted ? null : core.resultMessage || null };
  };
}

module.exports = { FLOW_TYPES, createFlow, checker, nodeKind };
