//! The format-independent flow model the interpreter runs.
//!
//! Loaders (JSON today, Archy YAML later) produce it; the engine only reads it. Invariants a
//! loaded model guarantees: every node index in a graph is in range, node ids are unique
//! case-insensitively, every expression and template is parsed and its functions bound.

use super::action::Action;
use crate::expr::{Expr, Template, VarId};
use rustc_hash::FxHashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// Index of a flow in its registry.
pub type FlowIdx = u32;
/// Index of a node in its graph.
pub type NodeIdx = u32;

/// One flow: a draft graph and maybe a published one.
#[derive(Debug, Clone)]
pub struct Flow {
    pub id: Arc<str>,
    pub name: Arc<str>,
    /// The flow type: `inbound`, `commonModule` (JSON, informational); Archy's key for real
    /// flows (`inboundCall`, `workflow`, `commonModule`, `botFlow`...), which decides how a
    /// flow ends (see [`FlowType`]).
    pub flow_type: Arc<str>,
    pub file: PathBuf,
    /// Which front-end read it.
    pub format: Format,
    pub draft: Graph,
    pub published: Option<Graph>,
    /// Architect's flow-level parts (empty for the seeds' JSON).
    pub arch: Arch,
}

/// The file format a flow came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// The seeds' JSON (docs/json-flows.md).
    #[default]
    Json,
    /// Archy YAML (docs/architect.md).
    Archy,
    /// An Architect export, encoded or decoded, or the API's flow configuration.
    Export,
}

/// What an Architect flow declares beyond its actions: variables, containers, error handling.
#[derive(Debug, Clone, Default)]
pub struct Arch {
    /// Flow-scoped variables (`Flow.x`, a module's `Common.x`), in declaration order.
    pub variables: Vec<VarDecl>,
    /// Menus, tasks, states, in file order; a node's `container` indexes this.
    pub containers: Vec<Container>,
    /// What happens to an error no action handles (`settingsErrorHandling`, the export's
    /// `errorHandling`).
    pub error_handling: ErrorHandling,
    /// Flow outcomes the flow may set (`setFlowOutcome`), by name.
    pub outcomes: Vec<Arc<str>>,
    /// A bot flow's NLU domain and user-input settings.
    pub bot: Option<Arc<super::bot::BotSettings>>,
    /// A voice survey flow's survey form: its name and the questions it lists.
    pub survey: Option<Arc<super::survey::SurveyForm>>,
    /// An in-queue email or message flow's `periodicState`: the container that runs again
    /// each time the flow's actions run out, in place of its start.
    pub periodic: Option<u32>,
    /// Tasks the flow's settings start rather than an action (a bot flow's knowledge path,
    /// `settingsKnowledge.<base>.knowledgePath.targetTaskRef`, and its intents' tasks,
    /// `settingsBotFlow.intentSettings[].intent.task.name`), as references
    /// [`container_by_ref`](Self::container_by_ref) resolves: reachable without a jump.
    pub linked_tasks: Vec<Arc<str>>,
    /// The flow's `defaultLanguage` (`en-us`): what `Call.Language` reads until a Set
    /// Language.
    pub default_language: Option<Arc<str>>,
    /// The flow's supported languages by language tag, each with its default language skill
    /// (Archy's `supportedLanguages: {<tag>: {defaultLanguageSkill: ...}}`, the export's
    /// `supportedLanguageOptions: [{language, languageSkill}]`; `Prop::None` for none): the
    /// skill a Transfer to ACD that names none requires, and whether a flow transferred to
    /// keeps the language the conversation has.
    pub supported_languages: Vec<(Arc<str>, crate::flow::action::Prop)>,
    /// An in-queue call flow's hold prompt (Archy's `settingsInQueueCall.holdMusic`, the
    /// export's `inQueueCallFlowSettings.holdMusic`): what `Flow.HoldPrompt` holds.
    pub hold_prompt: Option<crate::flow::action::Prop>,
    /// An outbound call flow's contact list and default wrap-up code.
    pub outbound: OutboundSettings,
    /// Where the actions' expressions are written, for diagnostics that put a caret inside
    /// one (`check::place`).
    pub sources: Vec<ExprSource>,
    /// An export's actions by node id, with the JSON path of each
    /// (`flowSequenceItemList[0].actionList[2]`), for diagnostics that name an action.
    pub node_paths: Vec<(Arc<str>, Box<str>)>,
    /// A common module's compatible flow types (Archy's
    /// `settingsCommonModule.compatibleFlowTypes: [- flowType: inboundcall]`), as written:
    /// `check` holds its actions to what each of them may have.
    pub compatible_flow_types: Vec<Arc<str>>,
}

/// An outbound call flow's settings (Archy's `settingsOutboundCall: {contactList,
/// wrapupCode}`, the export's `outboundCallSettings: {contactList, defaultWrapupCode}`), each
/// `None` when not written. Architect requires both (About outbound flows).
#[derive(Debug, Clone, Default)]
pub struct OutboundSettings {
    /// What `Call.ContactList` holds.
    pub contact_list: Option<crate::flow::action::Prop>,
    /// What `Flow.WrapupCode` holds, and the call's wrap-up code when the flow ends it
    /// without Set Wrap-up Code.
    pub wrapup_code: Option<crate::flow::action::Prop>,
}

/// The node id under which the loaders record where a flow's settings are written
/// ([`ExprSource::node`]), as no action has it.
pub const SETTINGS_NODE: &str = "settings";

/// Where an action's expression or literal value is written in its file.
#[derive(Debug, Clone)]
pub struct ExprSource {
    /// The action's node id.
    pub node: Arc<str>,
    /// The property the value is written for, as diagnostics name it (`condition`,
    /// `statements[1].value`); an export's JSON path when its loader knows no other name.
    pub prop: Box<str>,
    /// The text the expression was parsed from (its spans are offsets into it); a literal's
    /// value as text ("" for a mapping such as `{seconds: 5}`).
    pub text: Box<str>,
    pub at: SourceAt,
    /// A literal (`lit:`, `tts:`, a bare scalar), not an expression parsed from `text`.
    pub lit: bool,
}

/// Where a scalar is written.
#[derive(Debug, Clone)]
pub enum SourceAt {
    /// Archy: the scalar's 1-based line and column.
    Pos { line: u32, col: u32 },
    /// An export: the JSON string's path from the file's root
    /// (`flowSequenceItemList[0].actionList[1].expression.text`).
    Json(Box<str>),
}

impl Arch {
    /// A container by what a jump or `startUpRef` names: its `refId`, the bracketed part of a
    /// path (`/inboundCall/tasks/task[Main_12]`), its export id, or its name (any case).
    pub fn container_by_ref(&self, reference: &str) -> Option<u32> {
        let inner = reference
            .rsplit_once('[')
            .and_then(|(_, rest)| rest.strip_suffix(']'))
            .unwrap_or(reference);
        let found =
            self.containers.iter().position(|c| &*c.ref_id == inner || &*c.ref_id == reference);
        found
            .or_else(|| self.containers.iter().position(|c| c.name.eq_ignore_ascii_case(inner)))
            .map(|i| i as u32)
    }
}

pub use crate::expr::builtins::FLOW_TYPES;

/// How Architect ends a flow of each type; the engine's only use of the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowType {
    /// Call flows (`inboundCall`, `outboundCall`, `secureCall`...).
    Call,
    /// In-queue flows (`inqueueCall`, `inqueueEmail`, `inqueueShortMessage`): the customer is
    /// still waiting in queue when one ends.
    InQueue,
    /// Message, chat, email flows.
    Digital,
    Workflow,
    CommonModule,
    Bot,
    /// The seeds' JSON flows and anything else.
    Other,
}

impl FlowType {
    pub fn of(flow_type: &str) -> FlowType {
        const TYPES: [(&str, FlowType); 22] = [
            ("inboundcall", FlowType::Call),
            ("outboundcall", FlowType::Call),
            ("inqueuecall", FlowType::Call),
            ("securecall", FlowType::Call),
            ("voicemail", FlowType::Call),
            ("voice", FlowType::Call),
            ("speech", FlowType::Call),
            ("voicesurvey", FlowType::Call),
            ("inboundshortmessage", FlowType::Digital),
            ("inboundchat", FlowType::Digital),
            ("inboundemail", FlowType::Digital),
            ("inqueueemail", FlowType::Digital),
            ("inqueueshortmessage", FlowType::Digital),
            ("surveyinvite", FlowType::Digital),
            // A workitem flow has no conversation to disconnect: it ends as a workflow does.
            ("workflow", FlowType::Workflow),
            ("workitem", FlowType::Workflow),
            ("commonmodule", FlowType::CommonModule),
            ("botflow", FlowType::Bot),
            ("bot", FlowType::Bot),
            ("digitalbot", FlowType::Bot),
            ("digitalbotflow", FlowType::Bot),
            ("voicebot", FlowType::Bot),
        ];
        TYPES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(flow_type))
            .map_or(FlowType::Other, |&(_, t)| t)
    }
}

/// Whether a flow of this type waits with a customer in queue (`inqueueCall`, `inqueueEmail`,
/// `inqueueShortMessage`): its looping task starts over when its actions run out.
pub fn is_in_queue(flow_type: &str) -> bool {
    ["inqueuecall", "inqueueemail", "inqueueshortmessage"]
        .iter()
        .any(|t| t.eq_ignore_ascii_case(flow_type))
}

/// A declared variable (`- stringVariable: {name: Flow.x, initialValue, isInput, isOutput,
/// isSecure}`).
#[derive(Debug, Clone)]
pub struct VarDecl {
    pub var: super::action::VarRef,
    /// Architect's type as Archy spells it: `string`, `integer`, `stringCollection`...
    pub ty: Arc<str>,
    /// What a literal of `ty` names, when it names an object of the org (a queue, user,
    /// group, skill...): the initial value `lit: {name: Sales}` is the fixtures' queue.
    /// Read from `ty` when the flow loads ([`Lookup::of_literal`]).
    ///
    /// [`Lookup::of_literal`]: crate::expr::func::Lookup::of_literal
    pub org: Option<crate::expr::func::Lookup>,
    /// The initial value; `None` is NOT_SET (an empty list for collections).
    pub initial: Option<Expr>,
    pub is_input: bool,
    pub is_output: bool,
    /// Architect's "Content is secure": a write-only variable that only Extract Secure Data,
    /// Call Secure Data and audio read (`flow::check::secure`), whose value a trace never shows.
    pub is_secure: bool,
}

impl VarDecl {
    pub fn is_collection(&self) -> bool {
        self.ty.ends_with("Collection")
    }
}

/// A menu, task, reusable task or state.
#[derive(Debug, Clone)]
pub struct Container {
    pub kind: ContainerKind,
    pub name: Arc<str>,
    /// Archy's `refId` (what `startUpRef` and jumps name), or the export's id.
    pub ref_id: Arc<str>,
    /// Its first node: a menu's own `menu` action, a task's first action (`None`: empty).
    pub start: Option<NodeIdx>,
    /// Task- and state-scoped variables, set to their initial values each time it starts.
    pub variables: Vec<VarDecl>,
    /// A reusable task's output paths (`endTask` names one; `callTask` has an output each).
    pub output_paths: Vec<Arc<str>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContainerKind {
    Menu,
    Task,
    /// A task run by `callTask`: its end returns to the caller.
    ReusableTask,
    /// A menu choice's own task (`menuTask`).
    MenuTask,
    State,
    /// A bot flow's state.
    BotState,
    /// A common module's or in-queue flow's `startUpTaskActions`.
    StartUpTask,
}

impl ContainerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerKind::Menu => "menu",
            ContainerKind::Task => "task",
            ContainerKind::ReusableTask => "reusableTask",
            ContainerKind::MenuTask => "menuTask",
            ContainerKind::State => "state",
            ContainerKind::BotState => "botState",
            ContainerKind::StartUpTask => "startUpTask",
        }
    }
}

/// What happens to an error no action handles.
#[derive(Debug, Clone, Default)]
pub enum ErrorHandling {
    /// The seeds' JSON: the error ends the flow (docs/json-flows.md).
    #[default]
    Fail,
    /// `disconnect`: plays `preHandlingAudio`, then disconnects.
    Disconnect { audio: Option<Expr> },
    /// `endWorkflow` (workflows).
    EndWorkflow,
    /// `exit` (bot flows).
    ExitBot,
    /// `queue: {targetQueue}`: transfers to a queue.
    TransferToAcd { queue: super::action::Prop, audio: Option<Expr> },
    /// `transferToFlow`.
    TransferToFlow { flow: super::action::Prop, audio: Option<Expr> },
    /// `jumpToTask` / `jumpToMenu` (call flows): continues in that container.
    Jump { container: u32, audio: Option<Expr> },
    /// `endInQueueState` (in-queue email and message flows): the state the error happened in
    /// ends as End State ends it; the customer is still waiting.
    EndInQueueState,
}

/// Which version of each flow a run uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Version {
    #[default]
    Draft,
    Published,
}

impl Flow {
    /// How a diagnostic names `node`: its id, or for an export (whose ids are GUIDs) its name
    /// and the number Architect shows (`Update Data (#12)`).
    pub fn node_label(&self, node: &Node) -> String {
        match (self.format, node.tracking_id) {
            (Format::Export, Some(t)) => format!("{} (#{t})", node.name),
            (Format::Export, None) => format!("{} ({})", node.name, node.id),
            _ => node.id.to_string(),
        }
    }

    pub fn graph(&self, version: Version) -> Option<&Graph> {
        match version {
            Version::Draft => Some(&self.draft),
            Version::Published => self.published.as_ref(),
        }
    }
}

/// The nodes of one version of a flow.
#[derive(Debug, Clone)]
pub struct Graph {
    pub start: NodeIdx,
    pub nodes: Vec<Node>,
    /// Lower-cased node id → index.
    pub by_lower_id: FxHashMap<Box<str>, NodeIdx>,
}

impl Graph {
    pub fn node(&self, idx: NodeIdx) -> &Node {
        &self.nodes[idx as usize]
    }

    /// A node by id, case-insensitively.
    pub fn find(&self, id: &str) -> Option<NodeIdx> {
        self.by_lower_id.get(crate::util::fold_case(id).as_ref()).copied()
    }

    /// A node by an already lower-cased id.
    pub fn find_lower(&self, lower: &str) -> Option<NodeIdx> {
        self.by_lower_id.get(lower).copied()
    }
}

/// A node of a flow that has no containers (the seeds' JSON).
pub const NO_CONTAINER: u32 = u32::MAX;

/// One node with its paths: a §1 node, or an Architect action.
#[derive(Debug, Clone)]
pub struct Node {
    /// JSON: the node's key. Export: the action's GUID. Archy: a readable path (see
    /// `flow::archy`).
    pub id: Arc<str>,
    pub name: Arc<str>,
    /// What the node does: an action of the catalogue. Architect actions (docs/architect.md)
    /// and a JSON flow's nodes alike: the JSON front-end lowers each node it reads to an action
    /// of the catalogue's JSON family ([`super::catalogue::json`]), so the engine, the trace,
    /// coverage and the checks see actions only, and its ways out are exits as an Architect
    /// action's outputs are.
    pub action: Action,
    /// The container the action belongs to ([`NO_CONTAINER`] for JSON nodes).
    pub container: u32,
    /// The number Architect shows (exports), when known.
    pub tracking_id: Option<u32>,
    /// The 1-based line of the source file where the node is written, when the front-end
    /// knows it (Archy: the action's key; seeds' JSON: the node's key in `nodes`); 0 when it
    /// does not (exports, synthesized nodes). Coverage reports (LCOV, Cobertura) read it.
    pub line: u32,
    /// The action's ways out: Architect's named outputs, fixed ones first (the catalogue's
    /// order), then dynamic ones (cases, choices, task paths, a jump's target); a JSON node's
    /// `If` conditions and default, then those of its paths `success`, `error`, `timeout` it
    /// writes ([`catalogue::json::exits`](super::catalogue::json::exits)).
    pub exits: Box<[Exit]>,
    /// For an Architect action: the action after it, where an output whose actions ran falls
    /// through to (`None`: the end of its container). For a JSON node: `onComplete.nextNode`,
    /// its `success` exit's target.
    pub next: Option<NodeIdx>,
}

// The action sits inline (its properties have a box of their own): every step reads it, and
// inline it costs no second pointer and no allocation per node, for 16 bytes more a node.
const _: () = assert!(std::mem::size_of::<Node>() <= 112);

/// One named way out of an action: an Architect action's output, a JSON node's path.
#[derive(Debug, Clone)]
pub struct Exit {
    /// Archy's name (`yes`, `success`, `found`, a case's or choice's label); a JSON node's
    /// `success`, `error`, `timeout`, `condition[0]`, `default`.
    pub name: Arc<str>,
    /// The export's output id (`__YES__`, a case's GUID), when known.
    pub export_id: Option<Arc<str>>,
    /// The output's first action; `None` when it has none (the run goes on at the node's
    /// `next`). For a jump: the target container's first node.
    pub target: Option<NodeIdx>,
    /// A bot action's optional output (`maxNoInputs`, `noIntent`, an intent) can be turned
    /// off (`enabled: false`): the run never takes it and coverage does not count it.
    pub enabled: bool,
}

/// The node types, in the spelling flow files use (each an entry of the catalogue's JSON
/// family, found by `catalogue::json::by_type`).
pub const NODE_TYPES: [&str; 11] = [
    "Say",
    "Gather",
    "Set",
    "If",
    "Flow",
    "Route",
    "End",
    "Disconnect",
    "GetExternalContactAction",
    "QueueMetrics",
    "DataAction",
];

/// The id of a variable no registry has bound yet.
pub const UNBOUND: VarId = VarId::MAX;

/// A flow or queue named by id or by name.
#[derive(Debug, Clone)]
pub enum Target {
    /// `flowId` / `queueId`, matched exactly (then by name, for hand-written files).
    Id(Template),
    /// `flowName` / `queueName`, matched case-insensitively.
    Name(Template),
}

impl Target {
    pub fn template(&self) -> &Template {
        match self {
            Target::Id(t) | Target::Name(t) => t,
        }
    }

    pub fn template_mut(&mut self) -> &mut Template {
        match self {
            Target::Id(t) | Target::Name(t) => t,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndType {
    Normal,
    Error,
    Disconnect,
}

pub use crate::fixtures::LookupBy;
