//! Decisions, loops, tasks, states, modules, outcomes, waits.

use super::Facts;
use super::PropKind::{Expr, ExprMap, List, Target, Text, Var, VarMap};
use super::{
    action, out, p, req, with, ActionSpec, Dynamic, Family::Control, Op, Org, PropSpec, NONE,
};
use crate::expr::Ty;

/// A `switch` case: its condition.
pub const CASE: &[PropSpec] = &[req("value", "value", Expr)];

/// A Loop Until's until case: the condition that ends the loop along the case's output.
pub const UNTIL_CASE: &[PropSpec] = &[req("value", "value", Expr).typed(Ty::BOOLEAN)];

/// The most passes a Loop Until makes: "Enter the maximum number of times, up to 99, that the
/// loop repeats" ([Loop Until action](https://help.mypurecloud.com/articles/loop-until-action)).
pub const MAX_LOOP_UNTIL: i64 = 99;

/// What the commands know of this family's operations ([`Facts`]), one value for each group
/// of operations that share them: every entry states its operation's by one of these names,
/// so the entries of one operation cannot drift apart (a catalogue test holds them equal).
mod facts {
    use super::super::facts::callee;
    use super::super::{CalleeKind, EndWords, Facts, Leaves, Mutate, Refused as R};
    use super::super::{TypedWrites, Varies};

    /// Decision: a choice by its condition, whose answers `mutate` flips.
    pub const DECISION: Facts = Facts {
        branches: true,
        varies: Varies::Condition,
        mutate: Mutate { flips: true, ..Facts::PLAIN.mutate },
        ..Facts::PLAIN
    };
    /// Switch: a choice by its cases in order.
    pub const SWITCH: Facts = Facts { branches: true, varies: Varies::SwitchCases, ..Facts::PLAIN };
    /// Loop: its body comes back to it; its current index an Integer.
    pub const LOOP: Facts = Facts {
        loops: true,
        typed_writes: TypedWrites::IntegerIndex("currentIndex"),
        ..Facts::PLAIN
    };
    /// Loop Until: a choice by its until cases, its current index an Integer.
    pub const LOOP_UNTIL: Facts = Facts { branches: true, varies: Varies::UntilCases, ..LOOP };
    /// Exit Loop, Next Loop: inside a loop's body only, to its end or its next pass.
    pub const LOOP_CONTROL: Facts = Facts { loop_only: true, ..JUMP };
    /// A jump to a task, a menu or a state, a menu's repeat or previous menu, End State.
    pub const JUMP: Facts = Facts { leaves: Leaves::Jumps, ..Facts::PLAIN };
    /// End Task: back to the reusable task's caller.
    pub const END_TASK: Facts = Facts { end_words: EndWords::Returns, ..JUMP };
    /// End Workflow, Exit Workitem Flow: the flow ends there.
    pub const END: Facts = Facts { leaves: Leaves::Ends, ..Facts::PLAIN };
    /// Call Common Module: calls a module by name and comes back.
    pub const CALL_COMMON_MODULE: Facts = Facts {
        callee: Some(callee(&["commonModule"], CalleeKind::Module, &["commonmodule"])),
        ..Facts::PLAIN
    };
    /// Wait: not in call flows.
    pub const WAIT: Facts = Facts { refused: &[R::WaitInCall], ..Facts::PLAIN };
    /// Set Flow Outcome, Initialize Flow Outcome: not in in-queue call flows, workflows and
    /// workitem flows.
    pub const FLOW_OUTCOME: Facts = Facts { refused: &[R::OutcomeInQueueOrWork], ..Facts::PLAIN };
}

pub(super) const ACTIONS: &[ActionSpec] = &[
    action(
        "decision",
        "DecisionAction",
        Control,
        Op::Decision,
        facts::DECISION,
        &[req("condition", "expression", Expr).typed(Ty::BOOLEAN)],
        &[out("yes", "__YES__"), out("no", "__NO__")],
    ),
    with(
        action(
            "switch",
            "SwitchAction",
            Control,
            Op::Switch,
            facts::SWITCH,
            // `expression`: the value each case's value is compared with (first match); absent,
            // the first case whose value is true (first true).
            &[req("cases", "cases", List(CASE)), p("expression", "expression", Expr)],
            &[out("default", "__DEFAULT__")],
        ),
        Dynamic::Cases,
    ),
    action(
        "loop",
        "LoopAction",
        Control,
        Op::Loop,
        facts::LOOP,
        &[
            p("currentIndex", "currentIndex", Var),
            req("loopCount", "loopCount", Expr).typed(Ty::INTEGER),
        ],
        &[out("loop", "__LOOP__")],
    ),
    action("loopExit", "ExitLoopAction", Control, Op::LoopExit, facts::LOOP_CONTROL, &[], NONE),
    action("loopNext", "NextLoopAction", Control, Op::LoopNext, facts::LOOP_CONTROL, &[], NONE),
    with(
        action(
            "jumpToTask",
            "JumpToTaskAction",
            Control,
            Op::JumpToTask,
            facts::JUMP,
            &[req("targetTaskRef", "taskReference", Text)],
            NONE,
        ),
        Dynamic::Target,
    ),
    with(
        action(
            "jumpToMenu",
            "JumpToMenuAction",
            Control,
            Op::JumpToMenu,
            facts::JUMP,
            &[req("targetMenuRef", "menuReference", Text)],
            NONE,
        ),
        Dynamic::Target,
    ),
    with(
        action(
            "callTask",
            "CallTaskAction",
            Control,
            Op::CallTask,
            Facts::PLAIN,
            &[
                req("targetTaskRef", "taskReference", Text),
                p("inputs", "inputs", ExprMap),
                p("outputs", "outputs", VarMap),
            ],
            NONE,
        ),
        Dynamic::TaskPaths,
    ),
    action(
        "endTask",
        "EndTaskAction",
        Control,
        Op::EndTask,
        facts::END_TASK,
        &[p("outputPath", "pathName", Text)],
        NONE,
    ),
    with(
        action(
            "changeState",
            "ChangeStateAction",
            Control,
            Op::ChangeState,
            facts::JUMP,
            &[req("targetStateRef", "stateReference", Text)],
            NONE,
        ),
        Dynamic::Target,
    ),
    action("endState", "EndStateAction", Control, Op::EndState, facts::JUMP, &[], NONE),
    action(
        "endWorkflow",
        "EndWorkflowAction",
        Control,
        Op::EndWorkflow,
        facts::END,
        &[p("exitReason", "exitReason", Expr)],
        NONE,
    ),
    action(
        "callCommonModule",
        "CallCommonModuleAction",
        Control,
        Op::CallCommonModule,
        facts::CALL_COMMON_MODULE,
        &[
            req("commonModule", "flowName", Text).names(Org::Flow),
            p("version", "flowVersion", Text),
            p("inputs", "inputs", ExprMap),
            p("outputs", "outputs", VarMap),
        ],
        NONE,
    ),
    action(
        "wait",
        "WaitAction",
        Control,
        Op::Wait,
        facts::WAIT,
        &[
            req("duration", "duration", Expr).typed(Ty::DURATION),
            p("trimDurationNearMaxRunningTime", "trimDurationNearMaxRunningTime", Expr),
        ],
        NONE,
    ),
    action(
        "setFlowOutcome",
        "SetFlowOutcomeAction",
        Control,
        Op::SetFlowOutcome,
        facts::FLOW_OUTCOME,
        &[
            req("flowOutcome", "flowOutcome", Target).names(Org::FlowOutcome),
            p("flowOutcomeValue", "flowOutcomeValue", Expr),
        ],
        NONE,
    ),
    action(
        "initializeFlowOutcome",
        "InitializeFlowOutcomeAction",
        Control,
        Op::InitializeFlowOutcome,
        facts::FLOW_OUTCOME,
        &[req("flowOutcome", "flowOutcome", Target).names(Org::FlowOutcome)],
        NONE,
    ),
    action(
        "addFlowMilestone",
        "AddFlowMilestoneAction",
        Control,
        Op::AddFlowMilestone,
        Facts::PLAIN,
        &[req("milestone", "milestone", Target).names(Org::FlowMilestone)],
        NONE,
    ),
    // Loop Until: the body (`loop`) runs until an until case holds (its own output, after
    // `loop`, as a switch's cases follow its default) or the maximum count of passes is done.
    // No public flow shows its form: Archy's keys are flowsim's reading of the help page's
    // labels (`currentIndex`, `maxLoopCount`, `untilCases`), the export's the switch's `cases`
    // (docs/architect.md §3.4, §4).
    with(
        action(
            "loopUntil",
            "LoopUntilAction",
            Control,
            Op::LoopUntil,
            facts::LOOP_UNTIL,
            &[
                p("currentIndex", "currentIndex", Var),
                req("maxLoopCount", "maxLoopCount", Expr).typed(Ty::INTEGER).alias("loopCount"),
                p("untilCases", "cases", List(UNTIL_CASE)),
            ],
            &[out("loop", "__LOOP__")],
        ),
        Dynamic::UntilCases,
    ),
    action(
        "exitWorkitemFlow",
        "ExitWorkitemFlowAction",
        Control,
        Op::ExitWorkitemFlow,
        facts::END,
        &[],
        NONE,
    ),
    // Previous Menu as an action of a task reached from a menu.
    action("previousMenu", "", Control, Op::PreviousMenu, facts::JUMP, &[], NONE),
    // Menu choices that act like the actions above.
    with(
        action(
            "menuJumpToTask",
            "MenuJumpToTask",
            Control,
            Op::JumpToTask,
            facts::JUMP,
            &[req("targetTaskRef", "taskReference", Text)],
            NONE,
        ),
        Dynamic::Target,
    ),
    with(
        action("menuTask", "TaskAction", Control, Op::JumpToTask, facts::JUMP, &[], NONE),
        Dynamic::Target,
    ),
    with(
        action(
            "menuJumpToMenu",
            "MenuJumpToMenu",
            Control,
            Op::JumpToMenu,
            facts::JUMP,
            &[req("targetMenuRef", "menuReference", Text)],
            NONE,
        ),
        Dynamic::Target,
    ),
    with(
        action("menuSubMenu", "MenuSubMenu", Control, Op::JumpToMenu, facts::JUMP, &[], NONE),
        Dynamic::Target,
    ),
    action("menuRepeat", "MenuRepeat", Control, Op::RepeatMenu, facts::JUMP, &[], NONE),
    action(
        "menuPreviousMenu",
        "MenuPreviousMenu",
        Control,
        Op::PreviousMenu,
        facts::JUMP,
        &[],
        NONE,
    ),
];

/// An action key no entry knows (Archy) or an export `__type` no entry knows: it loads, `check`
/// warns `needsStub`, and a run that reaches it runs from a stub or fails with `needsStub`. Its
/// one property is the key as the file wrote it.
pub(super) const UNKNOWN: &[ActionSpec] = &[action(
    "unknownAction",
    "",
    Control,
    Op::NeedsStub("flowsim's catalogue has no such action"),
    Facts::NEEDS_STUB,
    &[p("key", "__type", Text)],
    NONE,
)];

/// The properties the engine reads, found in the entries above when the crate compiles
/// ([`PropId`](super::PropId)).
pub mod prop {
    use super::super::PropId;
    use super::ACTIONS;

    pub const DECISION_CONDITION: PropId = PropId::of(ACTIONS, &["decision"], "condition");
    /// A switch's cases, each a record of [`CASE_VALUE`].
    pub const SWITCH_CASES: PropId = PropId::of(ACTIONS, &["switch"], "cases");
    pub const CASE_VALUE: PropId = PropId::field(ACTIONS, &["switch"], "cases", "value");
    /// What each case's value is compared with (first match); absent, the first true case.
    pub const SWITCH_EXPRESSION: PropId = PropId::of(ACTIONS, &["switch"], "expression");
    pub const LOOP_INDEX: PropId = PropId::of(ACTIONS, &["loop"], "currentIndex");
    pub const LOOP_COUNT: PropId = PropId::of(ACTIONS, &["loop"], "loopCount");
    /// Loop Until's index, its maximum count and its until cases, records of [`UNTIL_VALUE`].
    pub const UNTIL_INDEX: PropId = PropId::of(ACTIONS, &["loopUntil"], "currentIndex");
    pub const UNTIL_MAX: PropId = PropId::of(ACTIONS, &["loopUntil"], "maxLoopCount");
    pub const UNTIL_CASES: PropId = PropId::of(ACTIONS, &["loopUntil"], "untilCases");
    pub const UNTIL_VALUE: PropId = PropId::field(ACTIONS, &["loopUntil"], "untilCases", "value");
    pub const CALL_TASK_TARGET: PropId = PropId::of(ACTIONS, &["callTask"], "targetTaskRef");
    pub const CALL_TASK_INPUTS: PropId = PropId::of(ACTIONS, &["callTask"], "inputs");
    pub const CALL_TASK_OUTPUTS: PropId = PropId::of(ACTIONS, &["callTask"], "outputs");
    pub const END_TASK_PATH: PropId = PropId::of(ACTIONS, &["endTask"], "outputPath");
    pub const EXIT_REASON: PropId = PropId::of(ACTIONS, &["endWorkflow"], "exitReason");
    const MODULE: &[&str] = &["callCommonModule"];
    pub const MODULE_NAME: PropId = PropId::of(ACTIONS, MODULE, "commonModule");
    pub const MODULE_INPUTS: PropId = PropId::of(ACTIONS, MODULE, "inputs");
    pub const MODULE_OUTPUTS: PropId = PropId::of(ACTIONS, MODULE, "outputs");
    pub const WAIT_DURATION: PropId = PropId::of(ACTIONS, &["wait"], "duration");
    pub const WAIT_TRIM: PropId = PropId::of(ACTIONS, &["wait"], "trimDurationNearMaxRunningTime");
    const OUTCOME: &[&str] = &["setFlowOutcome", "initializeFlowOutcome"];
    pub const FLOW_OUTCOME: PropId = PropId::of(ACTIONS, OUTCOME, "flowOutcome");
    pub const FLOW_OUTCOME_VALUE: PropId =
        PropId::of(ACTIONS, &["setFlowOutcome"], "flowOutcomeValue");
    pub const MILESTONE: PropId = PropId::of(ACTIONS, &["addFlowMilestone"], "milestone");
    /// The key (or export type) an action no entry knows was written with.
    pub const UNKNOWN_KEY: PropId = PropId::of(super::UNKNOWN, &["unknownAction"], "key");

    /// Every id above, for the catalogue's test that each is read only on the entries it names.
    #[cfg(test)]
    pub const ALL: &[PropId] = &[
        DECISION_CONDITION,
        SWITCH_CASES,
        CASE_VALUE,
        SWITCH_EXPRESSION,
        LOOP_INDEX,
        LOOP_COUNT,
        UNTIL_INDEX,
        UNTIL_MAX,
        UNTIL_CASES,
        UNTIL_VALUE,
        CALL_TASK_TARGET,
        CALL_TASK_INPUTS,
        CALL_TASK_OUTPUTS,
        END_TASK_PATH,
        EXIT_REASON,
        MODULE_NAME,
        MODULE_INPUTS,
        MODULE_OUTPUTS,
        WAIT_DURATION,
        WAIT_TRIM,
        FLOW_OUTCOME,
        FLOW_OUTCOME_VALUE,
        MILESTONE,
        UNKNOWN_KEY,
    ];
}

/// The fixed outputs the engine takes, found in the entries above when the crate compiles
/// ([`OutputId`](super::OutputId)).
pub mod out {
    use super::super::OutputId;
    use super::ACTIONS;

    pub const YES: OutputId = OutputId::of(ACTIONS, &["decision"], "yes");
    pub const NO: OutputId = OutputId::of(ACTIONS, &["decision"], "no");
    /// A switch's output when no case holds (its cases' outputs follow it).
    pub const SWITCH_DEFAULT: OutputId = OutputId::of(ACTIONS, &["switch"], "default");
    /// A loop's body.
    pub const LOOP: OutputId = OutputId::of(ACTIONS, &["loop"], "loop");
    /// A Loop Until's body (its until cases' outputs follow it).
    pub const UNTIL_LOOP: OutputId = OutputId::of(ACTIONS, &["loopUntil"], "loop");

    /// Every id above, for the catalogue's test that each names every entry of its entries'
    /// operations that has the output.
    #[cfg(test)]
    pub const ALL: &[OutputId] = &[YES, NO, SWITCH_DEFAULT, LOOP, UNTIL_LOOP];
}
