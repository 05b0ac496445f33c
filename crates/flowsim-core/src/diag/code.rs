//! Diagnostic codes: one enum, so a misspelt code is a compile error, not a new code.
//! Each code has a stable camelCase name (what `--format json` and the text report show) and
//! an explanation (`flowsim explain CODE`).

use serde::Serialize;

macro_rules! codes {
    ($($(#[doc = $doc:literal])+ $variant:ident = $name:literal,)+) => {
        /// What a diagnostic is about.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($(#[doc = $doc])+ $variant,)+
            /// A run's error (a flow's error kind, docs/results.md), reported as a diagnostic
            /// where a command evaluates an expression: `divisionByZero`, `notSet`, ...
            Run(crate::kind::ErrorKind),
        }

        impl Code {
            /// Every code of a check, in the order they are declared (run errors are not listed).
            pub const ALL: &'static [Code] = &[$(Code::$variant,)+];

            /// The stable name, as reports show it.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                    Code::Run(kind) => kind.as_str(),
                }
            }

            /// What the code means and what to do, as `flowsim explain` prints it.
            #[must_use]
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => concat!($($doc, "\n"),+),)+
                    Code::Run(_) => RUN_EXPLANATION,
                }
            }
        }
    };
}

/// What a run error's code means.
const RUN_EXPLANATION: &str = "An error a run of the flow meets (its error kind, as a run's result names it in \
`error.kind`; docs/results.md lists them), reported where a command evaluates an expression or refuses \
a request: `notSet` for `Flow.count + 1` while `Flow.count` is NOT_SET, `flowNotFound` for \
`flowsim run \"Mian IVR\"` when no loaded flow has that name. In a run, a flow takes its action's \
failure output or its error handling for it.\n";

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

codes! {
    /// An action's name is longer than Architect allows (the limit is in docs/architect.md,
    /// Architect's limits). Shorten the `name:`.
    ActionNameTooLong = "actionNameTooLong",
    /// A YAML file's aliases (`*name`) expand to more than the reader allows: a few lines that
    /// would copy themselves into gigabytes. Write the values out, or use fewer aliases of large
    /// nodes.
    AliasBudget = "aliasBudget",
    /// A comparison whose two sides can never be equal, because their types differ: `Flow.tier ==
    /// 5` with `Flow.tier` a String. Architect refuses it. Compare text with text (`Flow.tier ==
    /// "5"`) or convert (`ToInt(Flow.tier) == 5`).
    AlwaysFalse = "alwaysFalse",
    /// A function is called with the wrong number of arguments: `Left(Flow.name)` (Left takes two).
    /// docs/expressions.md lists every function with its parameters.
    ArgumentCount = "argumentCount",
    /// A function is given a literal argument Architect refuses: a zero divisor, a value out of the
    /// parameter's range (`MakeDateTime(2024, 13, 1)`, `Left(x, -1)`), or a computed value where
    /// the parameter takes only a literal. The message gives the range.
    ArgumentValue = "argumentValue",
    /// An Archy action list holds something that is not an action: each item is a mapping with one
    /// key, the action's type (`- playAudio: {name: Hello, ...}`).
    BadAction = "badAction",
    /// A command-line value is malformed: `--sub billing` where `KEY=VALUE` is meant. The message
    /// names the flag.
    BadArgument = "badArgument",
    /// A coverage file given to `flowsim graph --coverage` cannot be read as one `flowsim test
    /// --coverage-out` writes. Write one with `flowsim test SCENARIOS --coverage-out
    /// coverage.json`.
    BadCoverage = "badCoverage",
    /// A decision log given to `flowsim heatmap` has a line that is not a decision document, e.g.
    /// `{"index": {}}` action lines written without their documents. Give the file `--decision-log`
    /// wrote.
    BadDecisionLog = "badDecisionLog",
    /// A string literal holds an escape Architect does not have. Inside double quotes only `\"` and
    /// `\` are escapes.
    BadEscape = "badEscape",
    /// A run request's `events` has an event flowsim cannot take: an unknown `type`, or `{"type":
    /// "hangup", "atStep": -1}`. docs/results.md lists the events and their fields.
    BadEvent = "badEvent",
    /// A flow file's top level is not a flow: an Archy file has one key, the flow type
    /// (`inboundCall:`), with the flow under it.
    BadFlowFile = "badFlowFile",
    /// A flow name Architect refuses: longer than 200 characters ("Create a flow"), or, for a
    /// workitem flow, with a slash or ending in `-debug` ("Work with workitem flows"). Rename the
    /// flow.
    BadFlowName = "badFlowName",
    /// A run request's `inputs` has an entry flowsim cannot read: `{"digit": 5}` instead of
    /// `{"digits": "5"}`. docs/results.md lists the input forms.
    BadInput = "badInput",
    /// A run request's `maxSteps` is 0 or past the cap: `"maxSteps": 0`. Ask for between 1 and the
    /// cap docs/budgets.md gives.
    BadMaxSteps = "badMaxSteps",
    /// A bot flow's natural language understanding (its intents, slots and utterances) cannot be
    /// read: the message says which part, e.g. an intent whose `utterances` is a text instead of a
    /// list. Write it as Architect exports it (docs/nlu.md).
    BadNlu = "badNlu",
    /// A node of a JSON flow is not an object (`"Start": 3`). Each node is `{"type": ...,
    /// "properties": ..., "onComplete": ...}`.
    BadNode = "badNode",
    /// A property holds a value of the wrong kind: a list where a mapping is expected, text where a
    /// number is, e.g. `digits: four` in a Collect Input. The message names the property and what
    /// it takes (`digits: {exactly: 4}`).
    BadPropertyType = "badPropertyType",
    /// A property's value is out of its range or not one of its allowed values (`maxDigits: 0`).
    /// The message gives the range.
    BadPropertyValue = "badPropertyValue",
    /// A `--request` file (or a request body) is not a run request: `{"flow": "Main"}` where
    /// `flowName` is expected. docs/results.md shows one: `{"flowName": ..., "context": {"from":
    /// ...}, "inputs": [...]}`.
    BadRequest = "badRequest",
    /// A fixture's mocked response is not one of the kinds a data action or service answers with
    /// (`success`, `failure`, `timeout`). docs/fixtures.md shows each.
    BadResponse = "badResponse",
    /// A run request's bot input fills a slot the intent does not have, or with a value of the
    /// wrong type: `{"intent": "Book", "slots": {"date": "soon"}}` for a date slot. Name the
    /// intent's slots, with values of their types.
    BadSlot = "badSlot",
    /// A run request's `context.startTime` is not an ISO-8601 date-time: `"startTime": "Monday
    /// 9am"`. Write `"2026-03-02T09:00:00Z"` (or with an offset).
    BadStartTime = "badStartTime",
    /// A value in a YAML or JSON file cannot be read as what its place takes: `timeout: soon` where
    /// a number of seconds is expected. The message names the place; write the value in the form it
    /// takes (`timeout: 5`).
    BadValue = "badValue",
    /// A run request's `variables` presets a variable the flow cannot take: a name that is not
    /// `Flow.`, `Task.` or a preset built-in, or a value of the wrong type (`"Flow.count": "many"`
    /// for an Integer). docs/results.md says what can be preset.
    BadVariable = "badVariable",
    /// An export's action or path points at an action id the flow does not have: `"nextAction":
    /// "a9"` with no action `a9`. Re-export the flow from Architect; a hand edit broke the link.
    DanglingAction = "danglingAction",
    /// A JSON flow's `onComplete.nextNode` (or an output's `nextNode`) names a node that is not in
    /// `nodes`. Fix the key, or add the node.
    DanglingNextNode = "danglingNextNode",
    /// An Archy reference (`startUpRef`, `jumpToTask`'s `targetTaskRef`, a menu's `menu:` ...)
    /// names a task, state or menu the flow does not have: `/inboundCall/tasks/task[Payment_20]`.
    /// The help lists the refIds there are.
    DanglingRef = "danglingRef",
    /// An export's jump (to a task, menu or state) names a target the flow does not have: a Jump to
    /// Reusable Task whose `targetTaskId` is no task's id. Re-export the flow, or point the jump at
    /// a task the flow has.
    DanglingReference = "danglingReference",
    /// A JSON flow's `startNode` names a node that is not in `nodes`.
    DanglingStartNode = "danglingStartNode",
    /// Two loaded flows have the same id (`"id": "4b1c..."` in two exports), so a transfer or a
    /// scenario could not tell them apart. Give each its own id, or load only one.
    DuplicateFlowId = "duplicateFlowId",
    /// Two loaded flows of one type have the same name (names compare case-insensitively, as
    /// Architect's do): the `inboundCall` flows `Main IVR` in `main.yaml` and `MAIN ivr` in
    /// `old/main.yaml`. Rename one, or load only one of the files. Flows of different types may
    /// share a name, as in Architect ("you can use the name "Main" for one inbound flow and one
    /// outbound flow, but not two inbound flows").
    DuplicateFlowName = "duplicateFlowName",
    /// Two items that must have distinct ids share one: two actions of an export with one GUID, two
    /// fixtures with one `id`. The message shows both places.
    DuplicateId = "duplicateId",
    /// A YAML or JSON mapping has the same key twice: `name: A` and `name: B` in one action. One of
    /// the values would be ignored silently, so flowsim refuses the file: write each key once.
    DuplicateKey = "duplicateKey",
    /// A JSON flow version has no nodes: a flow (or its `published` version) needs a start node and
    /// the nodes it leads to.
    EmptyFlow = "emptyFlow",
    /// The flow starts in a task, state or menu with no actions: `startUpRef:
    /// /inboundCall/tasks/task[Start_1]` and that task's `actions:` is empty. Add an action, or
    /// start elsewhere.
    EmptyStart = "emptyStart",
    /// An export's jump names a container (task or state) that has no actions, so the jump would
    /// have nowhere to go: a Jump to Reusable Task to a task whose `actionList` is empty. Add an
    /// action to the target, or jump elsewhere.
    EmptyTarget = "emptyTarget",
    /// An Architect export (`.i3InboundFlow`, ...) could not be decoded: its base64 or URL encoding
    /// is broken. Export the flow again from Architect.
    ExportDecode = "exportDecode",
    /// An Architect export has an unexpected shape in one place, e.g. `"outputs": "none"` where a
    /// list is expected; that part is not read. The message names the place. Export the flow again
    /// from Architect.
    ExportShape = "exportShape",
    /// An Architect export's decoded text is not valid JSON, e.g. it ends in the middle of
    /// `{"name": "Main`. Export the flow again; a cut or hand-edited file causes this.
    ExportSyntax = "exportSyntax",
    /// An expression is longer than Architect allows (32,000 characters), e.g. a `Flow.list` built
    /// from thousands of literals in one `MakeList(...)`. Split the work over several Update Data
    /// statements.
    ExpressionTooLong = "expressionTooLong",
    /// A fixture file is not valid YAML or JSON: `queues: [Sales` with no closing bracket. The
    /// position points at the first problem.
    FixtureSyntax = "fixtureSyntax",
    /// A transfer or call names a flow that is not among the loaded flows: a JSON Flow node's
    /// callee, or an Architect Call Common Module, Call Bot Flow or Transfer to Flow target
    /// written literally (Architect does not publish a flow whose target does not exist). `run`
    /// goes on (the action takes its failure path, as a missing flow does in the cloud); load
    /// the flow (`--flows`) to run it.
    FlowNotInRegistry = "flowNotInRegistry",
    /// An Architect action names a flow of a type it does not take: a Call Common Module naming
    /// an `inboundCall` flow, a Transfer to Flow naming an `outboundCall` flow. Architect offers
    /// each action only flows of its types (Call Common Module common modules, Call Bot Flow bot
    /// flows, Call Digital Bot Flow digital bot flows, Transfer to Flow inbound call flows,
    /// Transfer to Secure Flow secure call flows). `run` goes on, and the action fails with
    /// `flowNotFound` as a missing flow does; name a flow of the type the action takes.
    WrongFlowType = "wrongFlowType",
    /// A run request or `--published` asks for the published version of a flow that has none:
    /// `"version": "published"` for a draft-only flow. Drop the version to run the draft.
    FlowNotPublished = "flowNotPublished",
    /// `flowsim diff REV:PATH` cannot read the path at that revision: `HEAD~9:flows` in a
    /// repository with fewer commits. Run flowsim inside the git repository, with a revision and a
    /// path it has (`git ls-tree REV -- PATH` lists them).
    GitRevision = "gitRevision",
    /// A variable that only Collect Input writes is compared with text the input can never give:
    /// `Task.pin == "12345"` when the input takes 4 digits. The branch can never be taken.
    ImpossibleDigits = "impossibleDigits",
    /// An integer literal is past Architect's largest integer, `999999999999999` (or an integer
    /// computation overflows it): `1000000000000000 + 1`. Use a Decimal (`1000000000000000.0`) or
    /// smaller numbers.
    IntegerTooLarge = "integerTooLarge",
    /// A run request's `nodeId` (where a run starts) is no node or action of the flow: `"nodeId":
    /// "mian"`. The message offers the nearest id; `flowsim graph FLOW` shows them all.
    InvalidNodeId = "invalidNodeId",
    /// A JSON flow file is not valid JSON: a trailing comma as in `{"nodes": [],}`. The position
    /// points at the first problem.
    JsonSyntax = "jsonSyntax",
    /// A required property is missing: a flow's `name`, an action's `targetQueue`, a fixture's
    /// `id`. The message names it. When the action has a key flowsim does not read whose nearest
    /// property is the missing one (`targetQueu:`), the error is placed at that key and its help
    /// says to rename it (`targetQueu` looks like a misspelling of `targetQueue`), in
    /// `check`, `run` and `test` alike; no `unknownProperty` warning repeats it.
    MissingProperty = "missingProperty",
    /// The flow names no start (Archy `startUpRef`, an export's `initialSequence`), or its start is
    /// not in the flow.
    MissingStart = "missingStart",
    /// An Archy `{{key}}` substitution has no value: give it with `--sub key=VALUE` or in an
    /// options file (`--options`), as `archy` takes them.
    MissingSubstitution = "missingSubstitution",
    /// A variable is written that the flow does not declare and nothing reads, and a declared one
    /// is spelt nearly the same: `Flow.custmerName = ...` beside `Flow.customerName`. The write is
    /// likely a typo.
    MisspeltVariable = "misspeltVariable",
    /// A common module calls a common module, e.g. a `callCommonModule` to `Format Account` inside
    /// the `Lookup Account` module: "You cannot use a common module flow in another common module
    /// flow" (Genesys, "Work with common module flows"). Move the shared actions into the calling
    /// flows, or into one module.
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
    NotInFlowType = "notInFlowType",
    /// A declared variable is read but never gets a value: no initial value, not an input, and no
    /// action writes it, so `Flow.tier` in `Flow.tier == "gold"` is always NOT_SET when read. Give
    /// it an initial value, or set it before the read.
    NeverAssigned = "neverAssigned",
    /// `flowsim graph FLOW --coverage FILE` found no counts for that flow in the file: its
    /// scenarios never ran it. Run scenarios that use the flow with `--coverage-out`, or draw it
    /// without `--coverage`.
    NoCoverage = "noCoverage",
    /// A flow is named by a name that flows of several types share: `flowsim run Main` with an
    /// `inboundCall` and an `outboundCall` flow named `Main`. Choose one by its type:
    /// `flowsim run Main --flow-type outboundCall` (`flowType` in a request or a scenario), or
    /// name it by its id.
    AmbiguousFlow = "ambiguousFlow",
    /// A command needs one flow and several are loaded: `flowsim run` with three flows under
    /// `flows/`. Name one: `flowsim run "Main IVR"`, or `flowName` in the request.
    NoFlow = "noFlow",
    /// No flow files were found where flows were looked for (`*.json`, `*.yaml`, `*.yml`, `*.i3*`).
    /// Pass the flows' file or directory.
    NoFlows = "noFlows",
    /// Two node ids of a JSON flow differ only by case (`Menu` and `menu`). References compare ids
    /// case-insensitively, so rename one.
    NodeIdCase = "nodeIdCase",
    /// A JSON flow node says its `id` is something other than its key in `nodes`. A node's id is
    /// its key.
    NodeIdMismatch = "nodeIdMismatch",
    /// `flowsim nlu` was given a bot flow that declares no NLU domain
    /// (`settingsNaturalLanguageUnderstanding`): every turn of it is a no-match unless a test pins
    /// the intent. Add the domain to the bot flow.
    NoNlu = "noNlu",
    /// `flowsim graph FLOW --published` found no published version of the flow, only its draft.
    /// Drop `--published` to draw the draft.
    NoPublishedVersion = "noPublishedVersion",
    /// `flowsim nlu FLOW` named a flow that is not a bot flow: `flowsim nlu "Main IVR"` for an
    /// inbound call flow. Name the bot flow that the flow calls (`callBotFlow`).
    NotABotFlow = "notABotFlow",
    /// A path given to `flowsim diff` is neither a file nor a directory: `flowsim diff
    /// flows/main.yaml flows/mian.yaml`. Give a flow file, a directory of flows, or `REV:PATH` for
    /// a git revision (`HEAD~1:flows`).
    NotFound = "notFound",
    /// `check --org`: a data action's input that the org's data action takes is given no value by
    /// the flow. The data action receives it empty.
    OrgInputUnset = "orgInputUnset",
    /// `check --org`: the org manifest cannot be read. docs/org.md describes its form.
    OrgManifest = "orgManifest",
    /// `check --org`: something the flow refers to is not in the target org (a queue, a data
    /// action's output, a data table's column, a prompt in the flow's language). Create it in the
    /// org, or fix the name. A run warns the same where a literal queue, user, group, skill,
    /// language skill, schedule group or emergency group (`lit: {name: Nowhere}` for a queue
    /// variable or Update Data statement) names one the fixtures lack: add it to the fixtures,
    /// or fix the name.
    OrgMissing = "orgMissing",
    /// `check --org`: the flows refer to a kind of thing (schedules, say) that the manifest has no
    /// section for, so those references were not checked.
    OrgUnlisted = "orgUnlisted",
    /// A run played a prompt whose length mattered and is not known offline: Hold Music that
    /// plays the entire prompt waits as long as the prompt plays, and the fixtures'
    /// `promptLengths` give no length for it (or it is text to speech). It played for one
    /// minute, Hold Music's default duration. Give the prompt's length in milliseconds:
    /// `promptLengths: {PromptSystem.on_hold_music: 180000}`.
    PromptLength = "promptLength",
    /// The project file, `flowsim.toml`, does not read: TOML that does not parse, a key it does
    /// not know (`fixture = [...]` for `fixtures`), a path that is not a text, a code or a level
    /// flowsim does not know, or `--env NAME` for an environment it does not have. The message
    /// points at the place; docs/project.md lists what the file holds.
    ProjectFile = "projectFile",
    /// A Call Common Module passes a value to a variable of the module that is not an input
    /// (`isInput` false, or not declared at all), or reads back one that is not an output:
    /// Architect's Call Common Module offers only the module's input and output variables. The
    /// value is never passed, or the caller's variable gets NOT_SET. Fix the name, or mark the
    /// module's variable `isInput: true` / `isOutput: true`.
    ModuleBinding = "moduleBinding",
    /// An action writes a variable whose name is not a variable's name: `Flow.list[1]` as an
    /// Update Data target. "Variable names need to be at least one character long and start with
    /// a letter. Subsequent characters must either be a letter, underscore or digit"
    /// (Architect's Scripting SDK), so Architect refuses the flow; a run would write a new
    /// variable of that name and leave the collection as it was. To change an item, assign the
    /// whole collection: `ReplaceItemAt(Flow.list, 1, "B")`.
    InvalidVariableName = "invalidVariableName",
    /// An Exit Loop or Next Loop action that is not in a Loop action's body (`loopExit` in a
    /// task the loop's body calls): Architect's toolbox offers them only there ("Use the Exit
    /// Loop action in a Loop action", Exit Loop action), and a run that reaches one has no loop
    /// to leave. Move it into the body of the
    /// loop it should end, or replace it with the action the path should take.
    OutsideLoop = "outsideLoop",
    /// A scenario file cannot be read: not YAML, a key a scenario does not have (`expects:` for
    /// `expect:`), a value of the wrong kind. The position points at it; docs/scenarios.md lists
    /// the keys.
    ScenarioFile = "scenarioFile",
    /// A scenario names a flow (`flow: Acme Main IRV`) that none of the scenario file's flows
    /// has as its name or id. The help names the nearest flow.
    ScenarioUnknownFlow = "scenarioUnknownFlow",
    /// A scenario's request is one the engine would refuse: a `startNode` its flow does not
    /// have, an input that is not a digit string (`inputs: [1x]`), a start time or step limit
    /// out of range.
    ScenarioRequest = "scenarioRequest",
    /// A scenario's `events` name what the flows or fixtures do not have: an action, a
    /// variable, a queue (`event 1: no action `Transfer to Sales``).
    ScenarioEvent = "scenarioEvent",
    /// A scenario's `expect` compares a field flowsim does not compare (`expect.route.queue`
    /// for `queueName`); the help lists the fields.
    ScenarioExpectField = "scenarioExpectField",
    /// A scenario's `path`, `visits` or `notVisits` names a node no flow has
    /// (`visits: [Main Menuu]`): name a node by its id, `Flow/Node`, or an action's name that
    /// is unique in its flow.
    ScenarioUnknownNode = "scenarioUnknownNode",
    /// A scenario expects a variable (`variables: {Flow.balanse: 3}`) that no flow declares,
    /// assigns or binds, the scenario does not preset, and no inbound message sets.
    ScenarioUnknownVariable = "scenarioUnknownVariable",
    /// A scenario's `outputs` names a variable that is not an output variable (`isOutput`) of
    /// its flow (`outputs: {Flow.total: 3}`).
    ScenarioNotOutput = "scenarioNotOutput",
    /// A scenario's `mocks` are not valid fixtures (`mocks: {queues: Sales}` where `queues` is
    /// a list); the message gives the place inside `mocks`.
    ScenarioMocks = "scenarioMocks",
    /// A scenario's `route.queueName` or `route.queueId` (`queueName: Salse`) is no queue of the
    /// fixtures or the scenario's mocks. The help names the nearest queue.
    ScenarioUnknownQueue = "scenarioUnknownQueue",
    /// A scenario mocks a data action or service (`dataActions: {Lookup Acount: ...}`) that no
    /// flow calls, so the mock checks nothing. The help names the nearest one the flows call.
    ScenarioUnusedMock = "scenarioUnusedMock",
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
    SecureVariable = "secureVariable",
    /// A Set Screen Pop input reads a variable a Get Secured Data action sets: `Flow.ssn` in
    /// `inputs: {ssn: Flow.ssn}` after Get Secured Data wrote it. "You cannot assign secured
    /// customer data in a Set Screen Pop action" (Genesys, "Get Secured Data action"). Leave the
    /// secured attribute out of the screen pop.
    SecuredDataInScreenPop = "securedDataInScreenPop",
    /// An expression does not parse: `Left(Flow.account, 2) = "12"` (a single `=` is no operator;
    /// compare with `==`). The caret shows where.
    Syntax = "syntax",
    /// A file or an expression nests deeper than the readers allow (255 levels of YAML, deeper than
    /// any real flow), e.g. `[[[[...]]]]` nested 300 times. Flatten the values.
    TooDeep = "tooDeep",
    /// An input is larger than flowsim reads: a flow file over 32 MiB, or a flow made larger than
    /// that by a `{{substitution}}`. The limits are in docs/budgets.md.
    TooLarge = "tooLarge",
    /// A Decimal literal has more significant digits than Architect keeps (40):
    /// `0.12345678901234567890123456789012345678901`. Round it to 40 digits.
    TooPrecise = "tooPrecise",
    /// An expression combines values of types that do not go together: `Hour(Flow.d) + "x"` (an
    /// Integer plus a String), a Decision whose condition is not a Boolean. Architect refuses it;
    /// convert one side (`ToString(Hour(Flow.d)) + "x"`).
    TypeMismatch = "typeMismatch",
    /// An expression reads a variable the flow neither declares nor writes: `Flow.choise` when
    /// `Flow.choice` is declared. Architect refuses the reference. The help gives the nearest
    /// declared name.
    UndeclaredVariable = "undeclaredVariable",
    /// A built-in variable that does not exist, or does not exist in this kind of flow: `Call.Anii`
    /// (did you mean `Call.Ani`?), `Message.ConversationId` in a call flow.
    UnknownBuiltin = "unknownBuiltin",
    /// A file among the flows is neither the JSON flow format, Archy YAML, nor an Architect export,
    /// e.g. a `notes.yaml` whose top key is `notes:` rather than a flow type such as
    /// `inboundCall:`. Move it out of the flows directory.
    UnknownFileFormat = "unknownFileFormat",
    /// An Archy file's top key is not one of Archy's flow types (`inboundCall`, `inboundChat`,
    /// `workflow`, ...). docs/architect.md lists them.
    UnknownFlowType = "unknownFlowType",
    /// An expression calls a function Architect does not have, or names something that is not a
    /// function: `Lenght(Flow.x)`. The help gives the nearest function.
    UnknownFunction = "unknownFunction",
    /// A run request's bot input names an intent the bot flow's NLU does not have: `{"intent":
    /// "Bokk"}`. The message offers the nearest; `flowsim nlu BOT` lists them.
    UnknownIntent = "unknownIntent",
    /// A fixture or scenario file has a key its schema does not have (a typo, such as `qeues:`).
    /// The help gives the nearest key.
    UnknownKey = "unknownKey",
    /// An expression reads a member its value does not have: `MakeCurrency(5, "EUR").cents` (a
    /// Currency has `amount` and `code`).
    UnknownMember = "unknownMember",
    /// A JSON flow node's `type` is not one of the format's node types. docs/json-flows.md lists
    /// them.
    UnknownNodeType = "unknownNodeType",
    /// A reference names an output the action does not have (`Menu.digit`, an export path to an
    /// output the action lacks).
    UnknownOutput = "unknownOutput",
    /// An action has a key flowsim does not read (`promtText:`, or `digits: {exakt: 4}` inside a
    /// Collect Input); it is ignored. A typo is the usual cause: the help gives the nearest
    /// property. docs/architect.md lists what each action reads. A key that misspells a required
    /// property the action lacks is named by that `missingProperty` error instead.
    UnknownProperty = "unknownProperty",
    /// `flowsim nlu BOT --slot NAME` named a slot the bot flow does not have: `--slot dat` for
    /// `date`. The message lists its slots.
    UnknownSlot = "unknownSlot",
    /// An Ask Survey Question names a question of another survey form than the voice survey
    /// flow's (`surveyForm`): an error. Or one the flow's form does not list
    /// (`settingsVoiceSurvey.surveyQuestions`): a warning, since Architect lists only questions
    /// with answer options and a run takes any answer to an unlisted one, as to a Free text
    /// question. Copy the question's text from the form.
    UnknownSurveyQuestion = "unknownSurveyQuestion",
    /// A variable or an Update Data statement is typed with a type Architect does not have:
    /// `strngVariable`.
    UnknownType = "unknownType",
    /// An expression reads a variable of a kind the flow cannot have here (a `Task.` name in no
    /// task, a misspelt built-in).
    UnknownVariable = "unknownVariable",
    /// The flow calls a third-party service (a bot, a knowledge base, a journey lookup) that the
    /// fixtures' `services` do not mock. A run that reaches it stops: add a mock
    /// (docs/fixtures.md).
    UnmockedService = "unmockedService",
    /// No path leads to this node from the flow's start: it never runs, e.g. a node whose id no
    /// `next` names. Connect it, or remove it. Entry points besides the start count: the error
    /// handling's task, an in-queue flow's periodic state, and the tasks a bot flow's settings
    /// start.
    UnreachableNode = "unreachableNode",
    /// An output can never be taken, because a condition before it, or its own, is a constant
    /// (after a `true` case, any later case).
    UnreachableOutput = "unreachableOutput",
    /// A path given for flows or fixtures does not exist or cannot be read: `--flows flow` when the
    /// directory is `flows`. Give an existing directory.
    UnreadableDirectory = "unreadableDirectory",
    /// A file cannot be read (missing, no permission, not UTF-8 text): `--fixtures fixtures.yml`
    /// when the file is `fixtures.yaml`. The message says why.
    UnreadableFile = "unreadableFile",
    /// The flow uses something flowsim does not run yet (docs/architect.md, what is not done). A
    /// run that reaches it fails with `unsupported`; nothing is silently skipped.
    Unsupported = "unsupported",
    /// A value in an export is larger than Architect allows for its place: a bot's NLU data past
    /// its limit, say, or a `"text"` of megabytes in one prompt. The message names the place and
    /// the limit.
    ValueIsTooLarge = "valueIsTooLarge",
    /// A YAML file does not parse: a tab used for indentation, or `name: [Main` with no closing
    /// bracket. The position points at the first problem.
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
