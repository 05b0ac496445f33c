//! Diagnostic codes: one enum, so a misspelt code is a compile error, not a new code.
//! Each code has a stable camelCase name (what `--format json` and the text report show) and
//! an explanation (`flowsim explain CODE`, docs/codes.md): its doc comment, which says what the
//! code means, then its usual cause (`Cause:`), what to do (`Do:`) and an example (`Example:`),
//! each a paragraph of its own ([`Explanation`](super::Explanation)).
//!
//! A new code is a variant here and nothing else by hand: docs/codes.md and the code list of
//! schemas/project.schema.json are generated from [`Code::ALL`] (`FLOWSIM_UPDATE_DOCS=1 cargo
//! test -p flowsim-core` and `FLOWSIM_UPDATE_DOCS=1 cargo test schemas` rewrite them; without
//! it, those tests fail while either is stale).

use serde::Serialize;

macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal,)+) => {
        /// What a diagnostic is about.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
            /// A run's error (a flow's error kind, `flowsim docs results`), reported as a diagnostic
            /// where a command evaluates an expression: `divisionByZero`, `notSet`, ...
            Run(crate::kind::ErrorKind),
        }

        impl Code {
            /// Every code of a check, in the order they are declared (run errors are not listed).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The stable name, as reports show it.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                    Code::Run(kind) => kind.as_str(),
                }
            }

            /// What the code means, its usual cause, what to do and an example: its doc
            /// comment (a run error's, its kind's), as [`Explanation`](super::Explanation)
            /// reads it and `flowsim explain` prints it.
            #[must_use]
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc, "\n"),+),)+
                    Code::Run(kind) => kind.explanation(),
                }
            }
        }
    };
}

impl Code {
    /// The code of that name (as reports show it), any case: a check's code, else a run
    /// error's (`notSet`, `flowNotFound`).
    #[must_use]
    pub fn from_name(name: &str) -> Option<Code> {
        let named = |c: &Code| c.as_str().eq_ignore_ascii_case(name);
        Code::ALL
            .iter()
            .copied()
            .find(named)
            .or_else(|| crate::kind::ErrorKind::ALL.iter().map(|k| Code::Run(*k)).find(named))
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A code as a report names it (`flowsim merge` reads reports back).
impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Code, D::Error> {
        let name = std::borrow::Cow::<str>::deserialize(d)?;
        Code::from_name(&name)
            .ok_or_else(|| serde::de::Error::custom(format!("`{name}` is not a diagnostic code")))
    }
}

codes! {
    /// An action's name is longer than Architect allows (the limit is in `flowsim docs architect`,
    /// Architect's limits). Shorten the `name:`.
    ///
    /// Cause: A name pasted from a description or generated from data, past Architect's limit.
    ///
    /// Do: Shorten the action's `name:` to the limit `flowsim docs architect` gives.
    ///
    /// Example: `- playAudio: {name: <a 300-character name>, ...}`
    ActionNameTooLong = "actionNameTooLong",
    /// A YAML file's aliases (`*name`) expand to more than the reader allows: a few lines that
    /// would copy themselves into gigabytes. Write the values out, or use fewer aliases of large
    /// nodes.
    ///
    /// Cause: A YAML file that defines an anchor of a large node and refers to it many times, often
    /// on purpose (a "billion laughs" file).
    ///
    /// Do: Write the values out, or refer to small anchors only.
    ///
    /// Example: `a: &a [x, x, x]` then `b: &b [*a, *a, *a]` nested ten levels deep.
    AliasBudget = "aliasBudget",
    /// A comparison whose two sides can never be equal, because their types differ: `Flow.tier ==
    /// 5` with `Flow.tier` a String. Architect refuses it. Compare text with text (`Flow.tier ==
    /// "5"`) or convert (`ToInt(Flow.tier) == 5`).
    ///
    /// Cause: A number or Boolean compared with a String variable, or a quoted number compared with
    /// an Integer.
    ///
    /// Do: Compare values of one type: quote the literal, or convert one side with `ToInt`,
    /// `ToString`, `ToBool`.
    ///
    /// Example: `Flow.tier == 5` with `Flow.tier` a String: write `Flow.tier == "5"`.
    AlwaysFalse = "alwaysFalse",
    /// A function is called with the wrong number of arguments: `Left(Flow.name)` (Left takes two).
    /// `flowsim docs expressions` lists every function with its parameters.
    ///
    /// Cause: A function called from memory of another language, or an argument left out.
    ///
    /// Do: Give the function the arguments `flowsim docs expressions` lists for it.
    ///
    /// Example: `Left(Flow.name)`: write `Left(Flow.name, 3)`.
    ArgumentCount = "argumentCount",
    /// A function is given a literal argument Architect refuses: a zero divisor, a value out of the
    /// parameter's range (`MakeDateTime(2024, 13, 1)`, `Left(x, -1)`), or a computed value where
    /// the parameter takes only a literal. The message gives the range.
    ///
    /// Cause: A literal argument outside the range the function's parameter takes.
    ///
    /// Do: Give a value in the range the message names, or compute it in a variable.
    ///
    /// Example: `MakeDateTime(2024, 13, 1)`: months run 1 to 12.
    ArgumentValue = "argumentValue",
    /// An Archy action list holds something that is not an action: each item is a mapping with one
    /// key, the action's type (`- playAudio: {name: Hello, ...}`).
    ///
    /// Cause: An indentation slip that turns an action into a bare value, or two action keys in one
    /// list item.
    ///
    /// Do: Write each item as `- <actionType>: {name: ..., ...}`, one key per item.
    ///
    /// Example: `actions: [playAudio]` instead of `actions: [- playAudio: {name: Hi, audio: {tts:
    /// Hi}}]`.
    BadAction = "badAction",
    /// A command-line value is malformed: `--sub billing` where `KEY=VALUE` is meant. The message
    /// names the flag.
    ///
    /// Cause: A flag given a value in the wrong form.
    ///
    /// Do: Write the value as the flag's help (`flowsim help COMMAND`) shows it.
    ///
    /// Example: `--sub billing`: write `--sub billing=Billing Queue`.
    BadArgument = "badArgument",
    /// A cassette (what `flowsim record` recorded, which `replay`, `serve` and `test` answer
    /// from) or recorded execution data (`flowsim traffic`'s input) cannot be read or used: not
    /// JSON, another tool's file, a version flowsim does not read, or recorded from another
    /// base URL. The message names the file and the place.
    ///
    /// Cause: A cassette edited by hand, cut short, or recorded by another version or against
    /// another org.
    ///
    /// Do: Record it again (`flowsim record SCENARIOS --out cassette.json`), or fix the place
    /// the message names.
    ///
    /// Example: `flowsim replay notes.json` with a file that is not a cassette.
    BadCassette = "badCassette",
    /// A coverage file given to `flowsim graph --coverage` cannot be read as one `flowsim test
    /// --coverage-out` writes. Write one with `flowsim test SCENARIOS --coverage-out
    /// coverage.json`.
    ///
    /// Cause: A file that is not a coverage file, or one cut short or edited by hand.
    ///
    /// Do: Write it again with `flowsim test SCENARIOS --coverage-out coverage.json`.
    ///
    /// Example: `flowsim graph Main --coverage results.json` with a JUnit or result file.
    BadCoverage = "badCoverage",
    /// A decision log given to `flowsim heatmap` has a line that is not a decision document, e.g.
    /// `{"index": {}}` action lines written without their documents. Give the file `--decision-log`
    /// wrote.
    ///
    /// Cause: A decision log edited, or written by another tool, with lines that are not decision
    /// documents.
    ///
    /// Do: Give `flowsim heatmap` the file `--decision-log` wrote.
    ///
    /// Example: A line `{"index": {}}` without the document that follows it.
    BadDecisionLog = "badDecisionLog",
    /// A string literal holds an escape Architect does not have. Inside double quotes only `\"` and
    /// `\` are escapes.
    ///
    /// Cause: A backslash escape from another language in an expression's string.
    ///
    /// Do: Inside double quotes write only `\"` and `\\`; build other characters with functions.
    ///
    /// Example: `"line\nbreak"`: `\n` is no escape in Architect.
    BadEscape = "badEscape",
    /// A run request's `events` has an event flowsim cannot take: an unknown `type`, or `{"type":
    /// "hangup", "atStep": -1}`. `flowsim docs results` lists the events and their fields.
    ///
    /// Cause: An event type misspelt, or a step number below zero, in a run request's `events`.
    ///
    /// Do: Use the event types and fields `flowsim docs results` lists.
    ///
    /// Example: `{"type": "hangup", "atStep": -1}`.
    BadEvent = "badEvent",
    /// A flow file's top level is not a flow: an Archy file has one key, the flow type
    /// (`inboundCall:`), with the flow under it.
    ///
    /// Cause: A YAML file with several top keys, or the flow's settings written at the top level.
    ///
    /// Do: Put the whole flow under one key, its flow type.
    ///
    /// Example: `name: Main` at the top instead of `inboundCall: {name: Main, ...}`.
    BadFlowFile = "badFlowFile",
    /// A flow name Architect refuses: longer than 200 characters ("Create a flow"), or, for a
    /// workitem flow, with a slash or ending in `-debug` ("Work with workitem flows"). Rename the
    /// flow.
    ///
    /// Cause: A generated name, or a workitem flow named with a slash or `-debug`.
    ///
    /// Do: Rename the flow within Architect's rules.
    ///
    /// Example: `workflow: {name: Billing/Tasks}`.
    BadFlowName = "badFlowName",
    /// A run request's `inputs` has an entry flowsim cannot read: `{"digit": 5}` instead of
    /// `{"digits": "5"}`. `flowsim docs results` lists the input forms.
    ///
    /// Cause: An input entry in a form of another tool, or a number where digits are text.
    ///
    /// Do: Write the entry in a form `flowsim docs results` lists.
    ///
    /// Example: `{"digit": 5}`: write `{"digits": "5"}` or `"5"`.
    BadInput = "badInput",
    /// A run request's `maxSteps` is 0 or past the cap: `"maxSteps": 0`. Ask for between 1 and the
    /// cap `flowsim docs budgets` gives.
    ///
    /// Cause: A step limit of 0, or larger than the cap, in a request or a scenario.
    ///
    /// Do: Ask for a number between 1 and the cap `flowsim docs budgets` gives.
    ///
    /// Example: `"maxSteps": 0`.
    BadMaxSteps = "badMaxSteps",
    /// A bot flow's natural language understanding (its intents, slots and utterances) cannot be
    /// read: the message says which part, e.g. an intent whose `utterances` is a text instead of a
    /// list. Write it as Architect exports it (`flowsim docs nlu`).
    ///
    /// Cause: A bot flow's NLU written by hand, or exported by an older tool, in another shape.
    ///
    /// Do: Write the NLU as Architect exports it (`flowsim docs nlu`).
    ///
    /// Example: `utterances: "book a room"` where a list is expected.
    BadNlu = "badNlu",
    /// A node of a JSON flow is not an object (`"Start": 3`). Each node is `{"type": ...,
    /// "properties": ..., "onComplete": ...}`.
    ///
    /// Cause: A JSON flow node written as a number or text instead of an object.
    ///
    /// Do: Write each node as `{"type": ..., "properties": ..., "onComplete": ...}`.
    ///
    /// Example: `"Start": 3` in `nodes`.
    BadNode = "badNode",
    /// A property holds a value of the wrong kind: a list where a mapping is expected, or a literal
    /// that does not read as the property's type (text where an Integer is, a word where a Boolean
    /// is). A literal that converts as Architect converts it (`"4"` for an Integer) is read as that
    /// value; one that does not would fail the run's action with `conversion`, so `check` reports
    /// it, naming the type wanted and the value given.
    ///
    /// Cause: A value written in the wrong form: text where a number is needed, a list where a
    /// mapping is.
    ///
    /// Do: Write the value in the type the message names; a text that reads as a number is read as
    /// one.
    ///
    /// Example: `digits: {exact: "four"}` in a Collect Input: write `digits: {exact: 4}`.
    BadPropertyType = "badPropertyType",
    /// A property's value is out of its range or not one of its allowed values (`maxDigits: 0`).
    /// The message gives the range.
    ///
    /// Cause: A literal outside the range Architect's designer allows for the property.
    ///
    /// Do: Use a value in the range the message gives.
    ///
    /// Example: `noEntryTimeout: {lit: {seconds: 300}}` (Collect Input allows 1 s to 1 min 39 s).
    BadPropertyValue = "badPropertyValue",
    /// A `--request` file (or a request body) is not a run request: `{"flow": "Main"}` where
    /// `flowName` is expected. `flowsim docs results` shows one: `{"flowName": ..., "context": {"from":
    /// ...}, "inputs": [...]}`.
    ///
    /// Cause: A request written by hand with keys of another tool, or JSON that is no object.
    ///
    /// Do: Write the request as `flowsim docs results` shows it.
    ///
    /// Example: `{"flow": "Main"}`: write `{"flowName": "Main"}`.
    BadRequest = "badRequest",
    /// A fixture's mocked response does not say how it answers, or says two ways: a data
    /// action's response has exactly one of `outputs`, `error` and `timeout`; a service's at
    /// most one of `intent`, `output`, `failure` and `timeout`. `flowsim docs fixtures` shows
    /// each.
    ///
    /// Cause: A response with neither (its kind misspelt, `ouputs`), or with both `outputs`
    /// and `error`.
    ///
    /// Do: Give each data action response one of `outputs`, `error`, `timeout`, and write
    /// several responses to answer differently (`flowsim docs fixtures`).
    ///
    /// Example: `dataActions: {Get Tier: [{match: {phone: "1"}}]}`, a response that answers
    /// nothing.
    BadResponse = "badResponse",
    /// A file given to `flowsim merge` is not a shard report, or the shards do not add up to
    /// one run: reports of other commands or inputs, one shard run with `--coverage` and
    /// another without, a shard stopped by `--fail-fast`. The message names the file.
    ///
    /// Cause: A report edited by hand, another command's output, or shards of two runs mixed.
    ///
    /// Do: Merge the `--format json` reports of one run's shards (`--partition K/N`), each run
    /// with the same command, inputs and options.
    ///
    /// Example: `flowsim merge shard1.json notes.json`.
    BadShard = "badShard",
    /// A run request's bot input fills a slot the intent does not have, or with a value of the
    /// wrong type: `{"intent": "Book", "slots": {"date": "soon"}}` for a date slot. Name the
    /// intent's slots, with values of their types.
    ///
    /// Cause: A bot input naming a slot the intent lacks, or a value that does not read as the
    /// slot's type.
    ///
    /// Do: Name the intent's slots (`flowsim nlu BOT` lists them) with values of their types.
    ///
    /// Example: `{"intent": "Book", "slots": {"date": "soon"}}` for a date slot.
    BadSlot = "badSlot",
    /// A run request's `context.startTime` is not an ISO-8601 date-time: `"startTime": "Monday
    /// 9am"`. Write `"2026-03-02T09:00:00Z"` (or with an offset).
    ///
    /// Cause: A start time in a local or spoken form.
    ///
    /// Do: Write an ISO-8601 date-time with a zone.
    ///
    /// Example: `"startTime": "Monday 9am"`: write `"2026-03-02T09:00:00Z"`.
    BadStartTime = "badStartTime",
    /// A value in a YAML or JSON file cannot be read as what its place takes: `timeout: soon` where
    /// a number of seconds is expected. The message names the place; write the value in the form it
    /// takes (`timeout: 5`).
    ///
    /// Cause: A value whose form is not the one its place takes: text for a number, a number for a
    /// list.
    ///
    /// Do: Write the value in the form the message names.
    ///
    /// Example: `timeout: soon`: write `timeout: 5`.
    BadValue = "badValue",
    /// A run request's `variables` presets a variable the flow cannot take: a name that is not
    /// `Flow.`, `Task.` or a preset built-in, or a value of the wrong type (`"Flow.count": "many"`
    /// for an Integer). `flowsim docs results` says what can be preset.
    ///
    /// Cause: A preset variable misspelt, in a scope that cannot be preset, or with a value of
    /// another type.
    ///
    /// Do: Preset `Flow.` or `Task.` variables (or a built-in `flowsim docs results` lists) with values of
    /// their types.
    ///
    /// Example: `"Flow.count": "many"` for an Integer.
    BadVariable = "badVariable",
    /// An org object named by a literal whose name is blank: `targetQueue: {lit: {name: ""}}`.
    /// No queue, user, group, skill or schedule has a blank name, so the action can never find
    /// what it names: Architect's validation says "No value set" for it, and a run fails the
    /// lookup.
    ///
    /// Cause: A name left empty in the editor, or a substitution that gave an empty text.
    ///
    /// Do: Name the object (`{lit: {name: Pharmacists}}`), or compute it with an expression (`Flow.queue`).
    ///
    /// Example: `targetQueue: {lit: {name: ""}}`.
    BlankName = "blankName",
    /// A file, folder or stream the command writes cannot be written: `--output` into a folder
    /// that does not exist, a read-only directory, a full disk, or standard output closed. The
    /// message names what and says why. Nothing is reported as done.
    ///
    /// Cause: A path misspelt or without write permission, a full disk, or a reader that closed
    /// the pipe.
    ///
    /// Do: Give a path in a folder you can write to, or free space, and run the command again.
    ///
    /// Example: `flowsim heatmap log.ndjson --output /nonexistent/heat.svg`.
    CannotWrite = "cannotWrite",
    /// An export's action or path points at an action id the flow does not have: `"nextAction":
    /// "a9"` with no action `a9`. Re-export the flow from Architect; a hand edit broke the link.
    ///
    /// Cause: An export edited by hand, or cut from a larger flow, so a link names an action that
    /// is gone.
    ///
    /// Do: Export the flow again from Architect; or point the link at an action the flow has.
    ///
    /// Example: `"nextAction": "a9"` with no action `a9`.
    DanglingAction = "danglingAction",
    /// A command typed at `flowsim debug`'s prompt (or read from its `--commands` script) cannot
    /// be done: a variable no flow uses, a value its type cannot take, a step that does not
    /// exist. The command changes nothing; the session goes on.
    ///
    /// Cause: A name misspelt at the prompt, or a script written for another flow.
    ///
    /// Do: Correct the command; `help` at the prompt lists the commands and their forms.
    ///
    /// Example: `set Flow.attempt "two"` when `Flow.attempt` is an Integer.
    DebugCommand = "debugCommand",
    /// A JSON flow's `onComplete.nextNode` (or an output's `nextNode`) names a node that is not in
    /// `nodes`. Fix the key, or add the node.
    ///
    /// Cause: A node renamed or deleted while links to it stayed.
    ///
    /// Do: Fix the link's name, or add the node.
    ///
    /// Example: `"onComplete": {"nextNode": "Menu2"}` with no node `Menu2`.
    DanglingNextNode = "danglingNextNode",
    /// An Archy reference (`startUpRef`, `jumpToTask`'s `targetTaskRef`, a menu's `menu:` ...)
    /// names a task, state or menu the flow does not have: `/inboundCall/tasks/task[Payment_20]`.
    /// The help lists the refIds there are.
    ///
    /// Cause: A refId misspelt, or a task renamed without its references.
    ///
    /// Do: Use one of the refIds the help lists. The actions the reference meant are not reported
    /// as unreachable apart: this error counts them.
    ///
    /// Example: `targetTaskRef: /inboundCall/tasks/task[Pay_20]` when the task's refId is
    /// `Payment_20`.
    DanglingRef = "danglingRef",
    /// An export's jump (to a task, menu or state) names a target the flow does not have: a Jump to
    /// Reusable Task whose `targetTaskId` is no task's id. Re-export the flow, or point the jump at
    /// a task the flow has.
    ///
    /// Cause: A target task or menu deleted after the jump to it was written.
    ///
    /// Do: Export the flow again, or point the jump at a task the flow has.
    ///
    /// Example: A Jump to Reusable Task whose `targetTaskId` is no task's id.
    DanglingReference = "danglingReference",
    /// A JSON flow's `startNode` names a node that is not in `nodes`.
    ///
    /// Cause: The start node renamed or deleted.
    ///
    /// Do: Name a node of `nodes` in `startNode`.
    ///
    /// Example: `"startNode": "Welcome"` with no node `Welcome`.
    DanglingStartNode = "danglingStartNode",
    /// Two loaded flows have the same id (`"id": "4b1c..."` in two exports), so a transfer or a
    /// scenario could not tell them apart. Give each its own id, or load only one.
    ///
    /// Cause: An export copied to make a new flow, keeping the old id.
    ///
    /// Do: Give each flow its own id, or load only one of the files.
    ///
    /// Example: `"id": "4b1c..."` in `main.json` and `main-copy.json`.
    DuplicateFlowId = "duplicateFlowId",
    /// Two loaded flows of one type have the same name (names compare case-insensitively, as
    /// Architect's do): the `inboundCall` flows `Main IVR` in `main.yaml` and `MAIN ivr` in
    /// `old/main.yaml`. Rename one, or load only one of the files. Flows of different types may
    /// share a name, as in Architect ("you can use the name "Main" for one inbound flow and one
    /// outbound flow, but not two inbound flows").
    ///
    /// Cause: An old copy of a flow left among the flows, or two files named alike.
    ///
    /// Do: Rename one flow, or move the old file out of the flows.
    ///
    /// Example: `inboundCall: {name: Main IVR}` in `main.yaml` and `old/main.yaml`.
    DuplicateFlowName = "duplicateFlowName",
    /// Two items that must have distinct ids share one: two actions of an export with one GUID, two
    /// fixtures with one `id`. The message shows both places.
    ///
    /// Cause: A copy-paste that kept an id.
    ///
    /// Do: Give each item its own id.
    ///
    /// Example: Two fixtures `queues: [{id: q1, ...}, {id: q1, ...}]`.
    DuplicateId = "duplicateId",
    /// A YAML or JSON mapping has the same key twice: `name: A` and `name: B` in one action. One of
    /// the values would be ignored silently, so flowsim refuses the file: write each key once.
    ///
    /// Cause: An edit that added a key the mapping already has.
    ///
    /// Do: Keep one of the two values.
    ///
    /// Example: `name: A` and `name: B` in one action.
    DuplicateKey = "duplicateKey",
    /// A variable declared twice in one scope: two `stringVariable`s named `Flow.choice` in the
    /// flow's `variables`, or in one task's. Architect keeps one variable per name (its
    /// Scripting SDK refuses the second: "a variable with that name already exists"), so one
    /// of the two declarations, its type or its initial value, would be dropped.
    ///
    /// Cause: A declaration copied, or added again with another initial value.
    ///
    /// Do: Keep one declaration (names compare ignoring case).
    ///
    /// Example: `- stringVariable: {name: Flow.choice}` written twice under `variables:`.
    DuplicateVariable = "duplicateVariable",
    /// A JSON flow version has no nodes: a flow (or its `published` version) needs a start node and
    /// the nodes it leads to.
    ///
    /// Cause: A flow saved before any node was added, or its nodes written under another key.
    ///
    /// Do: Add the nodes under `nodes` and name the first in `startNode`.
    ///
    /// Example: `{"name": "Main", "draft": {"nodes": {}}}`.
    EmptyFlow = "emptyFlow",
    /// The flow starts in a task, state or menu with no actions: `startUpRef:
    /// /inboundCall/tasks/task[Start_1]` and that task's `actions:` is empty. Add an action, or
    /// start elsewhere.
    ///
    /// Cause: The start's actions deleted or moved to another task.
    ///
    /// Do: Add actions to the start, or start in a task that has some.
    ///
    /// Example: `startUpRef: /inboundCall/tasks/task[Start_1]` and that task's `actions: []`.
    EmptyStart = "emptyStart",
    /// An export's jump names a container (task or state) that has no actions, so the jump would
    /// have nowhere to go: a Jump to Reusable Task to a task whose `actionList` is empty. Add an
    /// action to the target, or jump elsewhere.
    ///
    /// Cause: A task's actions deleted while jumps to it stayed.
    ///
    /// Do: Add an action to the target, or jump elsewhere.
    ///
    /// Example: A Jump to Reusable Task to a task whose `actionList` is empty.
    EmptyTarget = "emptyTarget",
    /// An Architect export (`.i3InboundFlow`, ...) could not be decoded: its base64 or URL encoding
    /// is broken. Export the flow again from Architect.
    ///
    /// Cause: An export cut short, or re-encoded by an editor or a mail client.
    ///
    /// Do: Export the flow again from Architect, and copy the file as a whole (no mail client or
    /// editor in between).
    ///
    /// Example: A `.i3InboundFlow` whose base64 text ends in the middle.
    ExportDecode = "exportDecode",
    /// An Architect export has an unexpected shape in one place, e.g. `"outputs": "none"` where a
    /// list is expected; that part is not read. The message names the place. Export the flow again
    /// from Architect.
    ///
    /// Cause: An export edited by hand, or from an Architect version with another shape in that
    /// place.
    ///
    /// Do: Export the flow again; report the shape if a fresh export has it.
    ///
    /// Example: `"outputs": "none"` where a list is expected.
    ExportShape = "exportShape",
    /// An Architect export's decoded text is not valid JSON, e.g. it ends in the middle of
    /// `{"name": "Main`. Export the flow again; a cut or hand-edited file causes this.
    ///
    /// Cause: A file cut short or edited by hand after decoding.
    ///
    /// Do: Export the flow again from Architect.
    ///
    /// Example: Text ending in the middle of `{"name": "Main`.
    ExportSyntax = "exportSyntax",
    /// An expression is longer than Architect allows (32,000 characters), e.g. a `Flow.list` built
    /// from thousands of literals in one `MakeList(...)`. Split the work over several Update Data
    /// statements.
    ///
    /// Cause: A long list or text built in one expression by a generator.
    ///
    /// Do: Split the work over several Update Data statements or variables.
    ///
    /// Example: `MakeList("a", "b", ...)` with thousands of items.
    ExpressionTooLong = "expressionTooLong",
    /// A fixture file is not valid YAML or JSON: `queues: [Sales` with no closing bracket. The
    /// position points at the first problem.
    ///
    /// Cause: A bracket, quote or indentation slip in a fixture file.
    ///
    /// Do: Fix the fixture file at the position given; `flowsim check --fixtures FILE` reads it
    /// again.
    ///
    /// Example: `queues: [Sales` with no closing bracket.
    FixtureSyntax = "fixtureSyntax",
    /// A transfer or call names a flow that is not among the loaded flows: a JSON Flow node's
    /// callee, or an Architect Call Common Module, Call Bot Flow or Transfer to Flow target
    /// written literally (Architect does not publish a flow whose target does not exist). `run`
    /// goes on (the action takes its failure path, as a missing flow does in the cloud); load
    /// the flow (`--flows`) to run it.
    ///
    /// Cause: The called flow's file is not among the flows given, or its name is misspelt, or
    /// its file is given but did not load (the message then says so and the help names the
    /// file).
    ///
    /// Do: Load the flow with `--flows`, or fix the name; when its file did not load, fix the
    /// errors reported for that file.
    ///
    /// Example: `callCommonModule: {commonModule: {lit: {name: Format Acount}}}`.
    FlowNotInRegistry = "flowNotInRegistry",
    /// An Architect action names a flow of a type it does not take: a Call Common Module naming
    /// an `inboundCall` flow, a Transfer to Flow naming an `outboundCall` flow. Architect offers
    /// each action only flows of its types (Call Common Module common modules, Call Bot Flow bot
    /// flows, Call Digital Bot Flow digital bot flows, Transfer to Flow inbound call flows,
    /// Transfer to Secure Flow secure call flows). `run` goes on, and the action fails with
    /// `flowNotFound` as a missing flow does; name a flow of the type the action takes.
    ///
    /// Cause: A flow named for an action that takes flows of another type, often one of two flows
    /// sharing a name.
    ///
    /// Do: Name a flow of the type the action takes.
    ///
    /// Example: A Call Common Module naming the `inboundCall` flow `Main IVR`.
    WrongFlowType = "wrongFlowType",
    /// A run request or `--published` asks for the published version of a flow that has none:
    /// `"version": "published"` for a draft-only flow. Drop the version to run the draft.
    ///
    /// Cause: A request for `"version": "published"` of a flow only its draft exists of.
    ///
    /// Do: Drop the version to run the draft, or give the published version's file.
    ///
    /// Example: `flowsim run Main --published` for a draft-only flow.
    FlowNotPublished = "flowNotPublished",
    /// `flowsim diff REV:PATH` cannot read the path at that revision: `HEAD~9:flows` in a
    /// repository with fewer commits. Run flowsim inside the git repository, with a revision and a
    /// path it has (`git ls-tree REV -- PATH` lists them).
    ///
    /// Cause: A revision or path the repository does not have, or flowsim run outside the
    /// repository.
    ///
    /// Do: Give a revision and path `git ls-tree REV -- PATH` lists.
    ///
    /// Example: `flowsim diff HEAD~9:flows flows` in a repository with three commits.
    GitRevision = "gitRevision",
    /// A variable that only Collect Input writes is compared with text the input can never give:
    /// `Task.pin == "12345"` when the input takes 4 digits. The branch can never be taken.
    ///
    /// Cause: The comparison written for another input length than the Collect Input takes.
    ///
    /// Do: Compare with what the input can return, or change the Collect Input's digits.
    ///
    /// Example: `Task.pin == "12345"` when the input takes `digits: {exact: 4}`.
    ImpossibleDigits = "impossibleDigits",
    /// An integer literal is past Architect's largest integer, `999999999999999` (or an integer
    /// computation overflows it): `1000000000000000 + 1`. Use a Decimal (`1000000000000000.0`) or
    /// smaller numbers.
    ///
    /// Cause: An account or card number written as an Integer.
    ///
    /// Do: Keep such numbers as text, or use a Decimal.
    ///
    /// Example: `1000000000000000 + 1`.
    IntegerTooLarge = "integerTooLarge",
    /// A run request's `nodeId` (where a run starts) is no node or action of the flow: `"nodeId":
    /// "mian"`. The message offers the nearest id; `flowsim graph FLOW` shows them all.
    ///
    /// Cause: A node id misspelt in a request, or one of another version of the flow.
    ///
    /// Do: Use the id the message offers, or see them all with `flowsim graph FLOW`.
    ///
    /// Example: `"nodeId": "mian"`.
    InvalidNodeId = "invalidNodeId",
    /// A JSON flow file is not valid JSON: a trailing comma as in `{"nodes": [],}`. The position
    /// points at the first problem.
    ///
    /// Cause: A trailing comma, a missing quote or bracket.
    ///
    /// Do: Fix the JSON at the line and column given (an editor with JSON checking shows it too).
    ///
    /// Example: `{"nodes": [],}`.
    JsonSyntax = "jsonSyntax",
    /// A required property is missing: a flow's `name`, an action's `targetQueue`, a fixture's
    /// `id`. The message names it. When the action has a key flowsim does not read whose nearest
    /// property is the missing one (`targetQueu:`), the error is placed at that key and its help
    /// says to rename it (`targetQueu` looks like a misspelling of `targetQueue`), in
    /// `check`, `run` and `test` alike; no `unknownProperty` warning repeats it.
    ///
    /// Cause: A property left out, or written under a misspelt key.
    ///
    /// Do: Add the property, or rename the misspelt key the help names.
    ///
    /// Example: `transferToAcd: {name: Go, targetQueu: {lit: {name: Sales}}}`: `targetQueue` is
    /// required.
    MissingProperty = "missingProperty",
    /// The flow names no start (Archy `startUpRef`, an export's `initialSequence`), or its start is
    /// not in the flow.
    ///
    /// Cause: The start's key left out, or naming a task that was deleted.
    ///
    /// Do: Name the flow's start: `startUpRef` in Archy, `initialSequence` in an export.
    ///
    /// Example: An `inboundCall:` with tasks and no `startUpRef:`.
    MissingStart = "missingStart",
    /// An Archy `{{key}}` substitution has no value: give it with `--sub key=VALUE` or in an
    /// options file (`--options`), as `archy` takes them.
    ///
    /// Cause: A flow written for `archy` with a substitution flowsim was not given.
    ///
    /// Do: Give the value with `--sub key=VALUE` or an options file.
    ///
    /// Example: `{{billing_queue}}` in the flow and no `--sub billing_queue=...`.
    MissingSubstitution = "missingSubstitution",
    /// A variable is written that the flow does not declare and nothing reads, and a declared one
    /// is spelt nearly the same: `Flow.custmerName = ...` beside `Flow.customerName`. The write is
    /// likely a typo.
    ///
    /// Cause: A typo in the variable an action writes, so the declared variable is never set.
    ///
    /// Do: Write the declared variable's name.
    ///
    /// Example: `Flow.custmerName` written beside `Flow.customerName`.
    MisspeltVariable = "misspeltVariable",
    /// A common module calls a common module, e.g. a `callCommonModule` to `Format Account` inside
    /// the `Lookup Account` module: "You cannot use a common module flow in another common module
    /// flow" (Genesys, "Work with common module flows"). Move the shared actions into the calling
    /// flows, or into one module.
    ///
    /// Cause: A module reused inside another module.
    ///
    /// Do: Move the shared actions into the calling flows, or merge the modules.
    ///
    /// Example: A `callCommonModule` to `Format Account` inside `Lookup Account`.
    ModuleInModule = "moduleInModule",
    /// A flow uses an action its flow type does not have, which Architect's toolbox does not
    /// offer there: audio (`playAudio`), digits (`collectInput`), a language (`setLanguage`) or
    /// in-queue handling (`playEstimatedWaitTime`) in an `inboundEmail` or `inboundChat` flow
    /// ("Inbound email flows do not include language settings, in-queue handling, or audio
    /// controls such as DTMF or text-to-speech", and the same of chat flows), audio, digits or
    /// in-queue handling in an `inboundShortMessage` flow, or `setFlowOutcome` in an
    /// `inqueueCall` flow (flow outcome actions are for "call, chat, email, and messaging flows,
    /// excluding in-queue call flows"); also a field the flow type's action lacks, as Transfer
    /// to User's `preTransferAudio` in a `workitem` flow ("This field is not available in
    /// workitem flows").
    ///
    /// Cause: An action copied from a flow of another type.
    ///
    /// Do: Remove the action, or move it to a flow type that has it.
    ///
    /// Example: `playAudio` in an `inboundEmail` flow.
    NotInFlowType = "notInFlowType",
    /// A run looked something up in the fixtures and found nothing: a queue, user, group,
    /// skill, language, schedule, schedule group, emergency group, data table or row, prompt,
    /// bot, decision table or response (a data action with no mock is `unmockedDataAction`).
    /// The run goes on as Genesys Cloud would without it (a failure output, NOT_SET); a
    /// scenario fails on the miss unless its `expect: {missing: [...]}` names it.
    ///
    /// Cause: A fixture file that lacks the entry the flow names (often a name spelt another
    /// way, or an environment's fixtures not loaded), or a scenario testing the miss itself.
    ///
    /// Do: Add the entry the warning gives to a fixture file, or, when the miss is what the
    /// scenario tests, name it: `expect: {missing: ["queue:Billing"]}`.
    ///
    /// Example: a transfer to queue `Billing` with no such queue in `queues:` warns
    /// "`queue:Billing` is not in the fixtures" and takes the transfer's failure output.
    NotInFixtures = "notInFixtures",
    /// A declared variable is read but never gets a value: no initial value, not an input, and no
    /// action writes it, so `Flow.tier` in `Flow.tier == "gold"` is always NOT_SET when read. Give
    /// it an initial value, or set it before the read.
    ///
    /// Cause: A variable declared for a value that the flow never sets.
    ///
    /// Do: Give it an initial value, make it an input, or set it before it is read.
    ///
    /// Example: `Flow.tier == "gold"` with `Flow.tier` declared and never written.
    NeverAssigned = "neverAssigned",
    /// `flowsim graph FLOW --coverage FILE` found no counts for that flow in the file: its
    /// scenarios never ran it. Run scenarios that use the flow with `--coverage-out`, or draw it
    /// without `--coverage`.
    ///
    /// Cause: A coverage file from scenarios that never run this flow.
    ///
    /// Do: Run scenarios that use the flow with `--coverage-out`, or draw without `--coverage`.
    ///
    /// Example: `flowsim graph Billing --coverage coverage.json` after tests of `Main` only.
    NoCoverage = "noCoverage",
    /// A flow is named by a name that flows of several types share: `flowsim run Main` with an
    /// `inboundCall` and an `outboundCall` flow named `Main`. Choose one by its type:
    /// `flowsim run Main --flow-type outboundCall` (`flowType` in a request or a scenario), or
    /// name it by its id.
    ///
    /// Cause: Flows of several types that share a name.
    ///
    /// Do: Choose by type (`--flow-type`, `flowType`) or name the flow by its id.
    ///
    /// Example: `flowsim run Main` with an `inboundCall` and an `outboundCall` `Main`.
    AmbiguousFlow = "ambiguousFlow",
    /// The Genesys Cloud API refused or failed a call `flowsim record` made: 403 for a scope
    /// the OAuth client lacks, 401 for its credentials, 404 for a flow the org does not have,
    /// or no answer after the retries; or a server flowsim posts to (`--decision-log-url`)
    /// refused the post. The message names the call and the status.
    ///
    /// Cause: An OAuth client without the scope the call needs, a wrong region's
    /// `--base-url`, or the API down or limiting the rate.
    ///
    /// Do: Give the client the scope the message names (Admin > OAuth), check `--base-url`, or
    /// record again later.
    ///
    /// Example: `403 Forbidden from GET /api/v2/flows: the OAuth client lacks architect:flow:view`.
    ApiError = "apiError",
    /// A command needs one flow and several are loaded: `flowsim run` with three flows under
    /// `flows/`. Name one: `flowsim run "Main IVR"`, or `flowName` in the request.
    ///
    /// Cause: Several flows loaded and none named.
    ///
    /// Do: Name one: `flowsim run "Main IVR"`, or `flowName` in the request.
    ///
    /// Example: `flowsim run --flows flows/` with three flows there.
    NoFlow = "noFlow",
    /// No flow files were found where flows were looked for (`*.json`, `*.yaml`, `*.yml`, `*.yaml.tftpl`, `*.i3*`).
    /// Pass the flows' file or directory.
    ///
    /// Cause: A wrong folder given, or flow files with another extension.
    ///
    /// Do: Give the flows' file or folder.
    ///
    /// Example: `flowsim check docs/`.
    NoFlows = "noFlows",
    /// Two node ids of a JSON flow differ only by case (`Menu` and `menu`). References compare ids
    /// case-insensitively, so rename one.
    ///
    /// Cause: Two nodes written apart only by case.
    ///
    /// Do: Rename one of them.
    ///
    /// Example: Nodes `Menu` and `menu` in one JSON flow.
    NodeIdCase = "nodeIdCase",
    /// A JSON flow node says its `id` is something other than its key in `nodes`. A node's id is
    /// its key.
    ///
    /// Cause: A node copied under a new key, keeping its old `id`.
    ///
    /// Do: Drop the `id` or make it the key.
    ///
    /// Example: `"Menu": {"id": "Main", ...}`.
    NodeIdMismatch = "nodeIdMismatch",
    /// `flowsim nlu` was given a bot flow that declares no NLU domain
    /// (`settingsNaturalLanguageUnderstanding`): every turn of it is a no-match unless a test pins
    /// the intent. Add the domain to the bot flow.
    ///
    /// Cause: A bot flow exported without its NLU, or a flow that only looks like a bot.
    ///
    /// Do: Add the NLU domain to the bot flow.
    ///
    /// Example: `flowsim nlu "Order Bot"` with no `settingsNaturalLanguageUnderstanding`.
    NoNlu = "noNlu",
    /// `flowsim graph FLOW --published` found no published version of the flow, only its draft.
    /// Drop `--published` to draw the draft.
    ///
    /// Cause: A graph of `--published` asked of a flow that only has a draft.
    ///
    /// Do: Drop `--published`.
    ///
    /// Example: `flowsim graph Main --published`.
    NoPublishedVersion = "noPublishedVersion",
    /// `flowsim nlu FLOW` named a flow that is not a bot flow: `flowsim nlu "Main IVR"` for an
    /// inbound call flow. Name the bot flow that the flow calls (`callBotFlow`).
    ///
    /// Cause: The calling flow named instead of the bot it calls.
    ///
    /// Do: Name the bot flow.
    ///
    /// Example: `flowsim nlu "Main IVR"`.
    NotABotFlow = "notABotFlow",
    /// What a command was pointed at is not there: a path given to `flowsim diff` that is
    /// neither a file nor a directory (`flowsim diff flows/main.yaml flows/mian.yaml`), a folder
    /// with none of the files the command looks for (no `*.scenarios.yaml` where `flowsim test`
    /// looks), a page or a schema flowsim does not have. Give a flow file, a directory of flows,
    /// or `REV:PATH` for a git revision (`HEAD~1:flows`).
    ///
    /// Cause: A path misspelt, a file moved, or files named in another way.
    ///
    /// Do: Give a flow file, a folder of flows, or `REV:PATH`; name scenario files like
    /// `menu.scenarios.yaml`.
    ///
    /// Example: `flowsim diff flows/main.yaml flows/mian.yaml`.
    NotFound = "notFound",
    /// `check --org`: a data action's input that the org's data action takes is given no value by
    /// the flow. The data action receives it empty.
    ///
    /// Cause: An input the data action gained after the flow was written.
    ///
    /// Do: Give the input a value in the Call Data Action.
    ///
    /// Example: The org's `Lookup Account` takes `accountId`; the flow's `inputs:` lacks it.
    OrgInputUnset = "orgInputUnset",
    /// `check --org`: the org manifest cannot be read. `flowsim docs org` describes its form.
    ///
    /// Cause: A manifest written by hand, or by another version of `flowsim org`.
    ///
    /// Do: Write it as `flowsim docs org` describes, or record it again.
    ///
    /// Example: `queues: Sales` where a list is expected.
    OrgManifest = "orgManifest",
    /// `check --org`: something the flow refers to is not in the target org (a queue, a data
    /// action's output, a data table's column, a prompt in the flow's language). Create it in the
    /// org, or fix the name. A run warns the same where a literal queue, user, group, skill,
    /// language skill, schedule group or emergency group (`lit: {name: Nowhere}` for a queue
    /// variable or Update Data statement) names one the fixtures lack: add it to the fixtures,
    /// or fix the name.
    ///
    /// Cause: A name misspelt, or an object not yet created in the org or the fixtures.
    ///
    /// Do: Create it, add it to the fixtures, or fix the name.
    ///
    /// Example: `targetQueue: {lit: {name: Salse}}` with only `Sales` in the org.
    OrgMissing = "orgMissing",
    /// `check --org`: the flows refer to a kind of thing (schedules, say) that the manifest has no
    /// section for, so those references were not checked.
    ///
    /// Cause: A manifest recorded without a section the flows need.
    ///
    /// Do: Record the section too, or accept that those references are not checked.
    ///
    /// Example: Flows naming schedules and a manifest with no `schedules`.
    OrgUnlisted = "orgUnlisted",
    /// A run played a prompt whose length mattered and is not known offline: Hold Music that
    /// plays the entire prompt waits as long as the prompt plays, and the fixtures'
    /// `promptLengths` give no length for it (or it is text to speech). It played for one
    /// minute, Hold Music's default duration. Give the prompt's length in milliseconds:
    /// `promptLengths: {PromptSystem.on_hold_music: 180000}`.
    ///
    /// Cause: Hold Music that plays a whole prompt whose length the fixtures do not give.
    ///
    /// Do: Give its length in `promptLengths`.
    ///
    /// Example: `promptLengths: {PromptSystem.on_hold_music: 180000}`.
    PromptLength = "promptLength",
    /// The project file, `flowsim.toml`, does not read, so no command that reads the project
    /// runs: the message points at the place in the file; `flowsim docs project` lists what it holds.
    ///
    /// Cause: TOML that does not parse, a key the file does not have (`fixture` for
    /// `fixtures`), a path that is not a text, a diagnostic code or level flowsim does not know,
    /// or `--env NAME` for an environment the file does not define (or outside any project).
    ///
    /// Do: Fix the key or value at the caret (the help names the key it may mean), or drop
    /// `--env`; `flowsim schema project` gives the file's schema for an editor.
    ///
    /// Example: `fixture = ["fixtures"]` is refused with "unknown key `fixture`", "did you mean
    /// `fixtures`?".
    ProjectFile = "projectFile",
    /// A replay configuration (`flowsim replay --config FILE`: known gaps, matching rules)
    /// does not read: not YAML or JSON, a key it does not have, or a value of the wrong kind.
    /// The message names the place.
    ///
    /// Cause: A key misspelt, or a configuration written for another version.
    ///
    /// Do: Fix the place the message names; `flowsim docs replay` shows the form.
    ///
    /// Example: `knownGap:` where `knownGaps:` is meant.
    ReplayConfig = "replayConfig",
    /// A `# flowsim: ignore CODE` comment that silences nothing: it names no diagnostic code
    /// (a misspelt code silences nothing, and nothing else said so), or no finding of that code
    /// stands in the block it covers, so the comment only hides the next finding that comes.
    /// ruff reports its unused and unknown `noqa` codes alike.
    ///
    /// Cause: A misspelt code, or a comment left behind after the finding was fixed.
    ///
    /// Do: Fix the code's name (the help names the one it may mean), or delete the comment.
    ///
    /// Example: `# flowsim: ignore unreachableNod` above an action.
    UnusedSuppression = "unusedSuppression",
    /// The flows did not load, though no error is left to say so: the project's levels (or a
    /// `# flowsim: ignore` comment) lowered every error that stopped them loading. `check` would
    /// otherwise print "ok" over flows that `flowsim test` and `flowsim run` cannot run.
    ///
    /// Cause: `[lint] syntax = "ignore"` (or `"warning"`) for an error that stops a flow loading.
    ///
    /// Do: Fix the error the finding points at; levels silence findings, not what stops a run.
    ///
    /// Example: `undeclaredVariable = "ignore"` in `[lint]` over a flow that reads `Flow.x`
    /// without declaring it.
    NotLoaded = "notLoaded",
    /// A Call Common Module passes a value to a variable of the module that is not an input
    /// (`isInput` false, or not declared at all), or reads back one that is not an output:
    /// Architect's Call Common Module offers only the module's input and output variables. The
    /// value is never passed, or the caller's variable gets NOT_SET. Fix the name, or mark the
    /// module's variable `isInput: true` / `isOutput: true`.
    ///
    /// Cause: A module variable renamed, or not marked as input or output.
    ///
    /// Do: Fix the name, or mark the variable `isInput: true` / `isOutput: true`.
    ///
    /// Example: `inputs: {Flow.acount: ...}` for a module whose input is `Flow.account`.
    ModuleBinding = "moduleBinding",
    /// An action writes a variable whose name is not a variable's name: `Flow.list[1]` as an
    /// Update Data target. "Variable names need to be at least one character long and start with
    /// a letter. Subsequent characters must either be a letter, underscore or digit"
    /// (Architect's Scripting SDK), so Architect refuses the flow; a run would write a new
    /// variable of that name and leave the collection as it was. To change an item, assign the
    /// whole collection: `ReplaceItemAt(Flow.list, 1, "B")`.
    ///
    /// Cause: An item or member written as if it were a variable.
    ///
    /// Do: Assign the whole collection (`ReplaceItemAt`), or write a variable's name.
    ///
    /// Example: `Flow.list[1]` as an Update Data target.
    InvalidVariableName = "invalidVariableName",
    /// An Exit Loop or Next Loop action that is not in a Loop action's body (`loopExit` in a
    /// task the loop's body calls): Architect's toolbox offers them only there ("Use the Exit
    /// Loop action in a Loop action", Exit Loop action), and a run that reaches one has no loop
    /// to leave. Move it into the body of the
    /// loop it should end, or replace it with the action the path should take.
    ///
    /// Cause: An Exit Loop or Next Loop moved out of the loop's body, or in a task the body calls.
    ///
    /// Do: Move it into the loop's body, or use the action the path should take.
    ///
    /// Example: `loopExit` in a task that a loop's body calls with `callTask`.
    OutsideLoop = "outsideLoop",
    /// A literal outside the range Architect takes for its property: a menu's `repeatCount`
    /// "can range from 0 to 10" (the Scripting SDK, `ArchSettingsMenu.repeatCount`), so
    /// `repeatCount: {lit: -1}` is no setting Architect can publish. The message gives the
    /// range and its source.
    ///
    /// Cause: A value typed by hand, or one meant as "forever" or "never".
    ///
    /// Do: Give a value within the range the message names.
    ///
    /// Example: `settingsMenu: {repeatCount: {lit: -1}}`.
    OutOfRange = "outOfRange",
    /// A scenario file cannot be read: not YAML, a key a scenario does not have (`expects:` for
    /// `expect:`), a value of the wrong kind. The position points at it; `flowsim docs scenarios` lists
    /// the keys.
    ///
    /// Cause: A typo in a scenario key, or a value of the wrong kind.
    ///
    /// Do: Fix the key or value at the position given; `flowsim docs scenarios` lists the keys.
    ///
    /// Example: `expects:` for `expect:`.
    ScenarioFile = "scenarioFile",
    /// A scenario names a flow (`flow: Acme Main IRV`) that none of the scenario file's flows
    /// has as its name or id. The help names the nearest flow.
    ///
    /// Cause: A flow name misspelt in a scenario, or a flow file not loaded.
    ///
    /// Do: Use the name the help offers, or load the flow.
    ///
    /// Example: `flow: Acme Main IRV`.
    ScenarioUnknownFlow = "scenarioUnknownFlow",
    /// A scenario's request is one the engine would refuse: a `startNode` its flow does not
    /// have, an input that is not a digit string (`inputs: [1x]`), a start time or step limit
    /// out of range.
    ///
    /// Cause: A scenario's request written with a node or input the engine refuses.
    ///
    /// Do: Fix the field the message names.
    ///
    /// Example: `inputs: [1x]`.
    ScenarioRequest = "scenarioRequest",
    /// A scenario's `events` name what the flows or fixtures do not have: an action, a
    /// variable, a queue (`event 1: no action `Transfer to Sales``).
    ///
    /// Cause: An event naming an action, variable or queue the flows or fixtures lack.
    ///
    /// Do: Name what the flows and fixtures have.
    ///
    /// Example: `events: [{at: Transfer to Sales, ...}]` with no such action.
    ScenarioEvent = "scenarioEvent",
    /// A scenario's `expect` compares a field flowsim does not compare (`expect.route.queue`
    /// for `queueName`); the help lists the fields.
    ///
    /// Cause: An expectation field misspelt, or one of another tool.
    ///
    /// Do: Use a field the help lists.
    ///
    /// Example: `expect: {route: {queue: Sales}}`: write `queueName`.
    ScenarioExpectField = "scenarioExpectField",
    /// A scenario's `path`, `visits` or `notVisits` names a node no flow has
    /// (`visits: [Main Menuu]`): name a node by its id, `Flow/Node`, or an action's name that
    /// is unique in its flow.
    ///
    /// Cause: A node misspelt, or an action name shared by several actions.
    ///
    /// Do: Name the node by its id, `Flow/Node`, or a unique action name.
    ///
    /// Example: `visits: [Main Menuu]`.
    ScenarioUnknownNode = "scenarioUnknownNode",
    /// A scenario expects a variable (`variables: {Flow.balanse: 3}`) that no flow declares,
    /// assigns or binds, the scenario does not preset, and no inbound message sets.
    ///
    /// Cause: A variable misspelt in an expectation.
    ///
    /// Do: Name a variable the flow declares, assigns or binds.
    ///
    /// Example: `variables: {Flow.balanse: 3}`.
    ScenarioUnknownVariable = "scenarioUnknownVariable",
    /// A scenario's `outputs` names a variable that is not an output variable (`isOutput`) of
    /// its flow (`outputs: {Flow.total: 3}`).
    ///
    /// Cause: An expectation on a variable that is not marked as an output.
    ///
    /// Do: Mark it `isOutput: true`, or expect it under `variables`.
    ///
    /// Example: `outputs: {Flow.total: 3}` with `Flow.total` not an output.
    ScenarioNotOutput = "scenarioNotOutput",
    /// A scenario's `mocks` are not valid fixtures (`mocks: {queues: Sales}` where `queues` is
    /// a list); the message gives the place inside `mocks`.
    ///
    /// Cause: Mocks written in a shape the fixtures do not have.
    ///
    /// Do: Write `mocks` as a fixture file's contents (`flowsim docs fixtures`).
    ///
    /// Example: `mocks: {queues: Sales}`.
    ScenarioMocks = "scenarioMocks",
    /// A scenario's `route.queueName` or `route.queueId` (`queueName: Salse`) is no queue of the
    /// fixtures or the scenario's mocks. The help names the nearest queue.
    ///
    /// Cause: A queue name misspelt in an expectation.
    ///
    /// Do: Use a queue of the fixtures or the scenario's mocks.
    ///
    /// Example: `route: {queueName: Salse}`.
    ScenarioUnknownQueue = "scenarioUnknownQueue",
    /// A scenario mocks a data action or service (`dataActions: {Lookup Acount: ...}`) that no
    /// flow calls, so the mock checks nothing. The help names the nearest one the flows call.
    ///
    /// Cause: A mock left behind after the flow stopped calling it, or its name misspelt.
    ///
    /// Do: Remove the mock, or fix its name to one the flows call.
    ///
    /// Example: `dataActions: {Lookup Acount: ...}`.
    ScenarioUnusedMock = "scenarioUnusedMock",
    /// A stub (a scenario's, or a fixture file's `stubs`) that cannot mean what it says: it names
    /// no action of the flows, a name several actions share, an output the action does not
    /// have, or a variable with a value of another type. The message names the candidates.
    ///
    /// Cause: An action renamed or misspelt, an output name from another action, a value of
    /// the wrong type.
    ///
    /// Do: Name the action by its name or id (with `flow:` when several flows have one of that
    /// name), an output from the list the message gives, and values of the variables' types.
    ///
    /// Example: `stubs: [{action: Encrypt card numbr, output: success}]`.
    ScenarioStub = "scenarioStub",
    /// A secure variable (Architect's "Content is secure", Archy's `isSecure: true`) used where
    /// Architect refuses it: "Secure variables are write-only ... They are available only in
    /// secure call and voice bot flows, and Architect reads secure values from the Extract
    /// Secure Data action, Call Secure Data action, and from audio expressions" (Genesys, "Manage
    /// a variable"). So `Flow.Card == "4111"` in a Decision, a secure variable declared in an
    /// `inboundCall` flow, an Extract Secure Data statement writing a secure variable ("The
    /// destination variable must be a non-secure variable") and one whose value reads none ("The
    /// input data must be an expression that contains a secure variable reference") are errors.
    /// Copy the part you need
    /// into a non-secure variable with Extract Secure Data (`Right(Flow.Card, 4)`), and read that.
    ///
    /// Cause: A secure value compared, logged or declared where Architect keeps them out.
    ///
    /// Do: Copy the part you need with Extract Secure Data into a non-secure variable, and read
    /// that.
    ///
    /// Example: `Flow.Card == "4111"` in a Decision.
    SecureVariable = "secureVariable",
    /// A Set Screen Pop input reads a variable a Get Secured Data action sets: `Flow.ssn` in
    /// `inputs: {ssn: Flow.ssn}` after Get Secured Data wrote it. "You cannot assign secured
    /// customer data in a Set Screen Pop action" (Genesys, "Get Secured Data action"). Leave the
    /// secured attribute out of the screen pop.
    ///
    /// Cause: A screen pop given everything Get Secured Data returned.
    ///
    /// Do: Leave the secured attribute out of the screen pop.
    ///
    /// Example: `inputs: {ssn: Flow.ssn}` after Get Secured Data wrote `Flow.ssn`.
    SecuredDataInScreenPop = "securedDataInScreenPop",
    /// A Decision's condition, or a first-true Switch's case, is a String (`Flow.flag` declared as
    /// a String, or the text `"true"`). Architect accepts it and converts it with `ToBool`, which
    /// reads only `true`, `t`, `1` and `false`, `f`, `0` (any case); any other text is NOT_SET, and
    /// the action fails with `notSet`. A warning, since the flow is legal.
    ///
    /// Cause: A variable declared as a String that holds a flag, or a condition quoted in YAML.
    ///
    /// Do: Compare the text with what you mean (`Flow.flag == "yes"`), declare the variable as a
    /// Boolean, or write `true` unquoted.
    ///
    /// Example: `decision: {condition: {exp: Flow.flag}}` with `Flow.flag` a String holding
    /// `"yes"`: the run fails with `notSet`.
    StringCondition = "stringCondition",
    /// An expression does not parse: `Left(Flow.account, 2) = "12"` (a single `=` is no operator;
    /// compare with `==`). The caret shows where.
    ///
    /// Cause: An operator or quote from another language, or a bracket left open.
    ///
    /// Do: Fix the expression where the caret points.
    ///
    /// Example: `Left(Flow.account, 2) = "12"`: compare with `==`.
    Syntax = "syntax",
    /// A file or an expression nests deeper than the readers allow (255 levels of YAML, deeper than
    /// any real flow), e.g. `[[[[...]]]]` nested 300 times. Flatten the values.
    ///
    /// Cause: Generated input nested past any real flow, often by a bug or on purpose.
    ///
    /// Do: Flatten the values.
    ///
    /// Example: `[[[[...]]]]` nested 300 times.
    TooDeep = "tooDeep",
    /// An input is larger than flowsim reads: a flow file over 32 MiB, a flow made larger than
    /// that by a `{{substitution}}`, files that together pass what one command reads (2 GiB,
    /// `FLOWSIM_MAX_READ_BYTES`), or a command whose runs (a suite's scenarios, mutants,
    /// explored paths, replays, traffic's paths, a diff's inputs) together take more steps
    /// than its total (1,000,000,000, `FLOWSIM_MAX_RUN_STEPS`). The limits are in `flowsim
    /// docs budgets`.
    ///
    /// Cause: A file that is not a flow, a substitution that expands a flow past the limit, or
    /// a command given far more files or scenarios than a project holds.
    ///
    /// Do: Split the flow, or check the file; run fewer scenarios at once (`--partition`);
    /// `flowsim docs budgets` gives the limits.
    ///
    /// Example: `flowsim check big.i3InboundFlow` of a 40 MiB export.
    TooLarge = "tooLarge",
    /// A Decimal literal has more significant digits than Architect keeps (40):
    /// `0.12345678901234567890123456789012345678901`. Round it to 40 digits.
    ///
    /// Cause: A constant pasted with more digits than Architect keeps.
    ///
    /// Do: Round it to 40 significant digits.
    ///
    /// Example: `0.12345678901234567890123456789012345678901`.
    TooPrecise = "tooPrecise",
    /// An expression combines values of types that do not go together: `Hour(Flow.d) + "x"` (an
    /// Integer plus a String), a Decision whose condition is not a Boolean. Architect refuses it;
    /// convert one side (`ToString(Hour(Flow.d)) + "x"`).
    ///
    /// Cause: Values of types that do not go together, or a property given a type it cannot
    /// convert.
    ///
    /// Do: Convert one side (`ToString`, `ToInt`), or use a variable of the type wanted.
    ///
    /// Example: `Hour(Flow.d) + "x"`: write `ToString(Hour(Flow.d)) + "x"`.
    TypeMismatch = "typeMismatch",
    /// An expression reads a variable the flow neither declares nor writes: `Flow.choise` when
    /// `Flow.choice` is declared. Architect refuses the reference. The help gives the nearest
    /// declared name.
    ///
    /// Cause: A variable misspelt, or used before it is declared.
    ///
    /// Do: Use the name the help offers, or declare the variable.
    ///
    /// Example: `Flow.choise` when `Flow.choice` is declared.
    UndeclaredVariable = "undeclaredVariable",
    /// A built-in variable that does not exist, or does not exist in this kind of flow: `Call.Anii`
    /// (did you mean `Call.Ani`?), `Message.ConversationId` in a call flow.
    ///
    /// Cause: A built-in misspelt, or one of another kind of flow.
    ///
    /// Do: Use the name the help offers, or a built-in of this flow type.
    ///
    /// Example: `Call.Anii`, or `Message.ConversationId` in a call flow.
    UnknownBuiltin = "unknownBuiltin",
    /// A file among the flows is neither the JSON flow format, Archy YAML, nor an Architect export,
    /// e.g. a `notes.yaml` whose top key is `notes:` rather than a flow type such as
    /// `inboundCall:`. Move it out of the flows directory.
    ///
    /// Cause: A notes, config or data file kept among the flows.
    ///
    /// Do: Move it out of the flows folder.
    ///
    /// Example: A `notes.yaml` whose top key is `notes:`.
    UnknownFileFormat = "unknownFileFormat",
    /// An Archy file's top key is not one of Archy's flow types (`inboundCall`, `inboundChat`,
    /// `workflow`, ...). `flowsim docs architect` lists them.
    ///
    /// Cause: A flow type misspelt, or a type Archy does not have.
    ///
    /// Do: Use one of Archy's flow types (`flowsim docs architect`).
    ///
    /// Example: `inboundcal:`.
    UnknownFlowType = "unknownFlowType",
    /// An expression calls a function Architect does not have, or names something that is not a
    /// function: `Lenght(Flow.x)`. The help gives the nearest function.
    ///
    /// Cause: A function name misspelt, or one of another language.
    ///
    /// Do: Use the function the help offers (`flowsim docs expressions` lists them).
    ///
    /// Example: `Lenght(Flow.x)`.
    UnknownFunction = "unknownFunction",
    /// A run request's bot input names an intent the bot flow's NLU does not have: `{"intent":
    /// "Bokk"}`. The message offers the nearest; `flowsim nlu BOT` lists them.
    ///
    /// Cause: An intent misspelt in a bot input.
    ///
    /// Do: Use an intent `flowsim nlu BOT` lists.
    ///
    /// Example: `{"intent": "Bokk"}`.
    UnknownIntent = "unknownIntent",
    /// A fixture or scenario file has a key its schema does not have (a typo, such as `qeues:`).
    /// The help gives the nearest key.
    ///
    /// Cause: A key misspelt in a fixture or scenario file.
    ///
    /// Do: Use the key the help offers.
    ///
    /// Example: `qeues:` for `queues:`.
    UnknownKey = "unknownKey",
    /// An expression reads a member its value does not have: `MakeCurrency(5, "EUR").cents` (a
    /// Currency has `amount` and `code`).
    ///
    /// Cause: A member misspelt, or one of another type.
    ///
    /// Do: Use a member the value's type has (`flowsim docs expressions`).
    ///
    /// Example: `MakeCurrency(5, "EUR").cents`.
    UnknownMember = "unknownMember",
    /// An expression calls a function flowsim knows but no source shows Architect has: no
    /// Genesys page, no published flow and no entry of Architect's Scripting SDK names it
    /// (`flowsim docs expressions`, "Where each function comes from"). flowsim runs it as its table
    /// says; Architect may refuse the flow when it is published.
    ///
    /// Cause: A function of flowsim's inferred family (`ToDate`, `Now`, `GetYear`, `Sort`...),
    /// written by hand or copied from flowsim's docs.
    ///
    /// Do: Write it with the functions Architect documents (`GetCurrentDateTimeUtc()` for
    /// `Now()`, `Year(x)` for `GetYear(x)`), or check in Architect that it validates.
    ///
    /// Example: `AddDays(Now(), 1)` warns "`Now` is a function no Genesys page, published flow
    /// or Scripting SDK entry shows"; `AddDays(GetCurrentDateTimeUtc(), 1)` does not.
    UnverifiedFunction = "unverifiedFunction",
    /// An expression calls a function of Architect's with arguments of types only an overload
    /// of flowsim's takes: Architect's Scripting SDK has no such overload, and no Genesys page
    /// or published flow shows Architect accepting it (`flowsim docs expressions`, "Where each
    /// function comes from"). flowsim runs it as its table says; Architect may refuse the flow
    /// when it is published.
    ///
    /// Cause: A JSON value passed where Architect's function takes another type: `ToInt`,
    /// `ToDecimal` or `ToBool` of a JSON value, `Count` of a JSON array.
    ///
    /// Do: Convert the JSON value first with a function Architect documents
    /// (`ToInt(ToString(Flow.json.age))`), or check in Architect that the call validates.
    ///
    /// Example: `ToInt(Flow.customer.age)` with `Flow.customer` a JSON variable warns
    /// "`ToInt(JSON) -> Integer` is an overload no Genesys page, published flow or Scripting
    /// SDK entry shows".
    UnverifiedOverload = "unverifiedOverload",
    /// A JSON flow node's `type` is not one of the format's node types. `flowsim docs json-flows` lists
    /// them.
    ///
    /// Cause: A node type misspelt, or one of another tool.
    ///
    /// Do: Use a node type `flowsim docs json-flows` lists.
    ///
    /// Example: `"type": "Gahter"`.
    UnknownNodeType = "unknownNodeType",
    /// A reference names an output the action does not have (`Menu.digit`, an export path to an
    /// output the action lacks).
    ///
    /// Cause: An output misspelt, or one of another action.
    ///
    /// Do: Use an output the action has (`flowsim docs architect` §3).
    ///
    /// Example: `Menu.digit`, or `outputs: {sucess: ...}`.
    UnknownOutput = "unknownOutput",
    /// An action has a key flowsim does not read; it is ignored. When a property the action reads
    /// is near (`digit` for `digits`, `inputAudo` for `inputAudio`), it is an error with
    /// did-you-mean, and with the rename as its fix when only one property is that near; a key with
    /// no near property (one of Architect's that flowsim does not read) is a warning. A key that
    /// misspells a required property the action lacks is named by that `missingProperty` error
    /// instead. The help lists the keys the action reads. `outputs` written inside a named part
    /// of an action (`callData`'s data action, `dataTableLookup`'s table, a called flow's
    /// version) is an error: the paths under it are never taken, so their actions never run.
    ///
    /// Cause: A misspelt property key, one of Architect's keys flowsim does not read, or a key
    /// written one level too deep.
    ///
    /// Do: Rename the key the help names (`check --fix` applies a certain rename), or move it to
    /// the level the help says; a key with no near property is left as it is.
    ///
    /// Example: `collectInput: {digit: {exact: 4}}`: did you mean `digits`? Without the fix the
    /// action takes one digit.
    UnknownProperty = "unknownProperty",
    /// `flowsim nlu BOT --slot NAME` named a slot the bot flow does not have: `--slot dat` for
    /// `date`. The message lists its slots.
    ///
    /// Cause: A slot name misspelt.
    ///
    /// Do: Use a slot the message lists.
    ///
    /// Example: `flowsim nlu Bot --slot dat` for `date`.
    UnknownSlot = "unknownSlot",
    /// An Ask Survey Question names a question of another survey form than the voice survey
    /// flow's (`surveyForm`): an error. Or one the flow's form does not list
    /// (`settingsVoiceSurvey.surveyQuestions`): a warning, since Architect lists only questions
    /// with answer options and a run takes any answer to an unlisted one, as to a Free text
    /// question. Copy the question's text from the form.
    ///
    /// Cause: A question copied from another form, or its text edited.
    ///
    /// Do: Copy the question's text from the flow's form.
    ///
    /// Example: `surveyQuestion: {Form A: {lit: {text: How was it}}}` in a flow of `Form B`.
    UnknownSurveyQuestion = "unknownSurveyQuestion",
    /// A variable or an Update Data statement is typed with a type Architect does not have:
    /// `strngVariable`.
    ///
    /// Cause: A type misspelt in a declaration or statement.
    ///
    /// Do: Use one of Architect's types (`flowsim docs expressions`).
    ///
    /// Example: `strngVariable: {name: Flow.x}`.
    UnknownType = "unknownType",
    /// An expression reads a variable of a kind the flow cannot have here (a `Task.` name in no
    /// task, a misspelt built-in).
    ///
    /// Cause: A `Task.` name outside any task, or a scope misspelt.
    ///
    /// Do: Use a variable of a scope this place has.
    ///
    /// Example: `Tsk.count + 1`.
    UnknownVariable = "unknownVariable",
    /// The flow calls a third-party service (a bot, a knowledge base, a journey lookup) that the
    /// fixtures' `services` do not mock. A run that reaches it stops: add a mock
    /// (`flowsim docs fixtures`).
    ///
    /// Cause: A flow calling a bot, knowledge base or journey lookup the fixtures do not mock.
    ///
    /// Do: Add a mock under `services` (`flowsim docs fixtures`).
    ///
    /// Example: A `callLexV2Bot` with no `services: {lexV2: ...}` in the fixtures.
    UnmockedService = "unmockedService",
    /// An action runs only from a stub: its effect lives outside any conversation flowsim
    /// simulates (the org's encryption keys, a voice flow in another system, a language-model
    /// agent), or the catalogue does not know it. A warning: the flow loads and runs, and a
    /// run that reaches the action with no stub fails `needsStub`.
    ///
    /// Cause: A flow using Encrypt Data, Decrypt Data, Call Voice Flow, Deflect, Call Agentic
    /// Virtual Agent, Send Interactive Application, Get Assigned Customer Intents, Play User
    /// Greeting or Play User Name, or an action key flowsim does not know.
    ///
    /// Do: Give the tests that reach it a stub (`stubs: [{action: NAME, output: success}]`,
    /// `flowsim docs scenarios`); the help shows the stub to write.
    ///
    /// Example: `encryptData` in a flow: `needsStub: a run needs a stub for it`.
    NeedsStub = "needsStub",
    /// A command that calls the Genesys Cloud API has no OAuth client to call it with:
    /// `GENESYS_CLIENT_ID` and `GENESYS_CLIENT_SECRET` are not both set.
    ///
    /// Cause: The variables not exported in this shell, or set in a CI job without the
    /// secret.
    ///
    /// Do: Set both to a client-credentials OAuth client's id and secret (Admin > OAuth).
    ///
    /// Example: `flowsim record menu.scenarios.yaml --base-url https://api.mypurecloud.com` with
    /// no `GENESYS_CLIENT_SECRET`.
    NoCredentials = "noCredentials",
    /// A menu choice no caller can take: its `dtmf` is no key of a phone's keypad (`digit_12`:
    /// Architect takes `0` to `9`, `*` and `#`, the SDK's "It should be '0' through '9', '*',
    /// '#'"), or an earlier choice of the same menu takes the same key (Architect's validation:
    /// "DTMF (1) is used in two or more menu choices at this menu level"), so the key runs the
    /// first and never this one.
    ///
    /// Cause: A choice added with the next number past 9, or a copied choice that kept its key.
    ///
    /// Do: Give the choice a key of its own: `digit_0` to `digit_9`, `digit_star` or
    /// `digit_pound`.
    ///
    /// Example: `- menuDisconnect: {name: Twelve, dtmf: digit_12}`.
    UnreachableChoice = "unreachableChoice",
    /// No path leads to this node from the flow's start: it never runs. Entry points besides the
    /// start count: the error handling's task, an in-queue flow's periodic state, and the tasks a
    /// bot flow's settings start. One warning per unreached piece of the flow, at its first action,
    /// with how many actions follow it.
    ///
    /// Cause: A path removed while its actions stayed, or actions after a Disconnect or a jump.
    ///
    /// Do: Connect the action, or delete it. Actions left unreached by a reference error
    /// (`danglingRef`) are counted on that error, not reported apart.
    ///
    /// Example: A `playAudio` after a `disconnect` in the same list.
    UnreachableNode = "unreachableNode",
    /// An output can never be taken, because a condition before it, or its own, is a constant
    /// (after a `true` case, any later case).
    ///
    /// Cause: A constant condition, often a test left in.
    ///
    /// Do: Make the condition depend on the call, or remove the output.
    ///
    /// Example: `switch` cases after a case whose value is `true`.
    UnreachableOutput = "unreachableOutput",
    /// A path given for flows or fixtures does not exist or cannot be read: `--flows flow` when the
    /// directory is `flows`. Give an existing directory.
    ///
    /// Cause: A folder misspelt, or relative to another working directory.
    ///
    /// Do: Give an existing folder.
    ///
    /// Example: `--flows flow` when the folder is `flows`.
    UnreadableDirectory = "unreadableDirectory",
    /// A file cannot be read (missing, no permission, not UTF-8 text): `--fixtures fixtures.yml`
    /// when the file is `fixtures.yaml`. The message says why.
    ///
    /// Cause: A file name misspelt, a missing permission, or a file that is not UTF-8 text.
    ///
    /// Do: Give an existing, readable text file.
    ///
    /// Example: `--fixtures fixtures.yml` when the file is `fixtures.yaml`.
    UnreadableFile = "unreadableFile",
    /// Something the command needs from the system is not there: a port to listen on, a file
    /// watcher, a terminal to ask on, a runtime to start. The message says what and why.
    ///
    /// Cause: A port another program holds, a limit on watched files, or a command that asks
    /// questions run without a terminal (in CI, or with its input piped).
    ///
    /// Do: Free the port or choose another (`--port`), raise the watch limit, or run the
    /// command in a terminal.
    ///
    /// Example: `flowsim serve --port 8080` while another server listens on 8080.
    Unavailable = "unavailable",
    /// The flow uses something flowsim does not run yet (`flowsim docs architect`, what is not done). A
    /// run that reaches it fails with `unsupported`; nothing is silently skipped.
    ///
    /// Cause: An action or feature flowsim does not run offline yet.
    ///
    /// Do: Keep the run away from it, or mock around it; `flowsim docs architect` lists what is not done.
    ///
    /// Example: an Ask for Slot of an AI-powered slot type reached by a turn that scripts no
    /// value for it: a run that reaches it fails with `unsupported`.
    Unsupported = "unsupported",
    /// A value in an export is larger than Architect allows for its place: a bot's NLU data past
    /// its limit, say, or a `"text"` of megabytes in one prompt. The message names the place and
    /// the limit.
    ///
    /// Cause: A generated or pasted value past Architect's limit for its place.
    ///
    /// Do: Shorten the value to the limit the message gives.
    ///
    /// Example: A prompt's `"text"` of several megabytes.
    ValueIsTooLarge = "valueIsTooLarge",
    /// A YAML file does not parse: a tab used for indentation, or `name: [Main` with no closing
    /// bracket. The position points at the first problem.
    ///
    /// Cause: A tab used for indentation, or a bracket or quote left open.
    ///
    /// Do: Fix the file at the position given.
    ///
    /// Example: `name: [Main` with no closing bracket.
    YamlSyntax = "yamlSyntax",
}

#[cfg(test)]
mod tests {
    use super::Code;
    use crate::kind::ErrorKind;

    /// Each code's explanation shows the problem in a concrete example, set in backticks (a
    /// flow's text, a command, a value), as `flowsim explain` prints it.
    #[test]
    fn every_code_is_explained_with_an_example() {
        let bare: Vec<&str> = Code::ALL
            .iter()
            .filter(|c| c.explanation().matches('`').count() < 2)
            .map(|c| c.as_str())
            .collect();
        assert!(bare.is_empty(), "codes whose explanation has no example: {bare:?}");
    }

    #[test]
    fn names_are_unique_and_found_in_any_case() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "two codes share a name");
        for code in Code::ALL {
            assert_eq!(Code::from_name(&code.as_str().to_uppercase()), Some(*code));
        }
        assert_eq!(
            Code::from_name("flowNotFound"),
            Some(Code::Run(ErrorKind::FlowNotFound)),
            "a run error's name is a code too"
        );
        assert_eq!(Code::from_name("noSuchCode"), None);
    }
}
