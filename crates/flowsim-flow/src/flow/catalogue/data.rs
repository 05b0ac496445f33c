//! Variables, data actions, data tables, lookups, schedules, participant data.

use super::Facts;
use super::PropKind::{Audio, Expr, ExprMap, List, Target, Text, Var, VarMap};
use super::SUCCESS_FAILURE_TIMEOUT;
use super::{
    action, out, p, req, ActionSpec, Family::Data, Named, Op, Org, PropSpec, Refused, Unset,
};
use super::{FOUND_NOT_FOUND, FOUND_NOT_FOUND_FAILURE, NONE, SUCCESS_FAILURE};
use crate::expr::Ty;

const JOURNEY: Op = Op::Service(super::Service::Journey);

/// An `updateData` statement: the declared type (`string`, `integer`, `stringCollection`...),
/// the variable, the value.
pub const STATEMENT: &[PropSpec] = &[
    req("type", "type", Text),
    req("variable", "variable", Var),
    req("value", "expression", Expr),
];

/// A participant-data attribute to set: its name and value.
pub const ATTRIBUTE_SET: &[PropSpec] =
    &[req("name", "variable", Expr), req("value", "expression", Expr)];

/// A participant-data attribute to read: its name and the variable that receives it.
pub const ATTRIBUTE_GET: &[PropSpec] =
    &[req("name", "variable", Expr), req("variable", "expression", Var)];

/// Call Data Action and Call Secure Data Action (the SDK's `ArchActionCallDataSecure` has the
/// same inputs, success and failure outputs and timeout as `ArchActionCallData`).
const CALL_DATA: &[PropSpec] = &[
    p("integration", "category", Text).names(Org::Integration),
    req("dataAction", "actionName", Text).names(Org::DataAction),
    p("inputs", "inputs", ExprMap).skips_not_set(),
    p("successOutputs", "outputs", VarMap),
    p("failureOutputs", "errorBindings", VarMap),
    // One minute when the flow gives none, as the Scripting SDK gives an action it adds.
    p("timeout", "timeout", Expr).typed(Ty::DURATION).unset(Unset::Duration(60_000)),
    p("processingPrompt", "processingPrompt", Audio),
    // The Scripting SDK's flag beside `timeout`, which every export writes (`true` on an
    // action it adds): read, not used.
    p("useSuggestedTimeout", "useSuggestedTimeout", Expr)
        .typed(Ty::BOOLEAN)
        .unset(Unset::Bool(true)),
];

/// Call Bridge Action's properties: Call Data Action's, in the same places, its inputs and
/// outputs also read under the SDK's names (`ArchActionCallBridge`).
const CALL_BRIDGE: &[PropSpec] = &[
    p("integration", "category", Text),
    req("dataAction", "actionName", Text),
    p("inputs", "inputs", ExprMap).sdk("bridgeActionInputs").skips_not_set(),
    p("successOutputs", "outputs", VarMap).sdk("bridgeActionOutputsSuccess"),
    p("failureOutputs", "errorBindings", VarMap),
    // One minute when the flow gives none, as the Scripting SDK gives an action it adds.
    p("timeout", "timeout", Expr).typed(Ty::DURATION).unset(Unset::Duration(60_000)),
    p("processingPrompt", "processingPrompt", Audio),
    // The Scripting SDK's flag beside `timeout`, which every export writes (`true` on an
    // action it adds): read, not used.
    p("useSuggestedTimeout", "useSuggestedTimeout", Expr)
        .typed(Ty::BOOLEAN)
        .unset(Unset::Bool(true)),
];

const FIND: &[PropSpec] = &[req("findName", "findName", Expr), p("findResult", "findResult", Var)];
const FIND_ID: &[PropSpec] = &[req("findId", "findId", Expr), p("findResult", "findResult", Var)];

/// What the commands know of this family's operations ([`Facts`]), one value for each group
/// of operations that share them: every entry states its operation's by one of these names,
/// so the entries of one operation cannot drift apart (a catalogue test holds them equal).
mod facts {
    use super::super::{Facts, Refused as R, SecureData, Service, TypedWrites, Varies};

    /// Update Data: each statement's variable written as its statement's type.
    pub const UPDATE_DATA: Facts = Facts { typed_writes: TypedWrites::Statements, ..Facts::PLAIN };
    /// A data action's call: `explore` varies its mock.
    pub const CALL_DATA: Facts = Facts { varies: Varies::DataAction, ..Facts::PLAIN };
    /// Data Table Lookup: a choice by the table's rows or the key.
    pub const TABLE_LOOKUP: Facts =
        Facts { branches: true, varies: Varies::TableLookup, ..Facts::PLAIN };
    /// Get External Contact: `explore` varies the contact looked up.
    pub const CONTACT_LOOKUP: Facts = Facts { varies: Varies::ContactLookup, ..Facts::PLAIN };
    /// Evaluate Schedule: a choice by the run's start time.
    pub const SCHEDULE: Facts = Facts { branches: true, varies: Varies::Schedule, ..Facts::PLAIN };
    /// Evaluate Schedule Group: a choice by the run's start time; `emergency` only with an
    /// emergency group.
    pub const SCHEDULE_GROUP: Facts = Facts {
        output_needs: &[("emergency", "emergencyGroup")],
        branches: true,
        varies: Varies::ScheduleGroup,
        ..Facts::PLAIN
    };
    /// Get Participant Data: each attribute's variable written as text.
    pub const GET_PARTICIPANT_DATA: Facts =
        Facts { typed_writes: TypedWrites::TextAttributes, ..Facts::PLAIN };
    /// Get Secured Data: not in bot flows; what it writes is secured.
    pub const GET_SECURED_DATA: Facts =
        Facts { refused: &[R::SecuredDataInBot], secure: SecureData::Gets, ..Facts::PLAIN };
    /// Set Secured Data: not in bot flows.
    pub const SET_SECURED_DATA: Facts = Facts { refused: &[R::SecuredDataInBot], ..Facts::PLAIN };
    /// Get SIP Headers, Get Raw SIP Headers: call flows only.
    pub const SIP_HEADERS: Facts = Facts { refused: &[R::SipOutsideCall], ..Facts::PLAIN };
    /// A journey lookup: `explore` varies its mock.
    pub const JOURNEY: Facts = Facts { varies: Varies::Service(Service::Journey), ..Facts::PLAIN };
}

pub(super) const ACTIONS: &[ActionSpec] = &[
    action(
        "updateData",
        "UpdateVariableAction",
        Data,
        Op::UpdateData,
        facts::UPDATE_DATA,
        &[req("statements", "variables", List(STATEMENT))],
        NONE,
    ),
    action(
        "callData",
        "DataAction",
        Data,
        Op::CallData,
        facts::CALL_DATA,
        CALL_DATA,
        &[
            out("success", "__SUCCESS__"),
            out("failure", "__FAILURE__"),
            out("timeout", "__TIMEOUT__"),
        ],
    ),
    action(
        "dataTableLookup",
        "DataTableLookupAction",
        Data,
        Op::DataTableLookup,
        facts::TABLE_LOOKUP,
        &[
            req("dataTable", "datatableName", Text).names(Org::DataTable),
            req("lookupValue", "lookupKeyValue", Expr),
            p("foundOutputs", "outputs", VarMap),
            p("failureOutputs", "errorBindings", VarMap),
        ],
        &[
            out("found", "__FOUND__"),
            out("notFound", "__NOT_FOUND__"),
            out("failure", "__FAILURE__"),
        ],
    ),
    action(
        "findQueue",
        "FindQueueAction",
        Data,
        Op::FindQueue,
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "findQueueById",
        "FindQueueByIdAction",
        Data,
        Op::FindQueueById,
        Facts::PLAIN,
        FIND_ID,
        FOUND_NOT_FOUND,
    ),
    // The user's e-mail address: Archy writes it as `findName`, as for the other finds
    // (docs/architect.md §3.2); `findEmail` is read too.
    action(
        "findUser",
        "FindUserAction",
        Data,
        Op::FindUser,
        Facts::PLAIN,
        &[
            req("findName", "findEmail", Expr).alias("findEmail"),
            p("findResult", "findResult", Var),
        ],
        FOUND_NOT_FOUND,
    ),
    action(
        "findUserById",
        "FindUserByIdAction",
        Data,
        Op::FindUserById,
        Facts::PLAIN,
        FIND_ID,
        FOUND_NOT_FOUND,
    ),
    action(
        "findGroup",
        "FindGroupAction",
        Data,
        Op::FindNamed(Named::Group),
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "findSkill",
        "FindSkillAction",
        Data,
        Op::FindNamed(Named::Skill),
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "findLanguageSkill",
        "FindLanguageSkillAction",
        Data,
        Op::FindNamed(Named::LanguageSkill),
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "findScheduleGroup",
        "FindScheduleGroupAction",
        Data,
        Op::FindNamed(Named::ScheduleGroup),
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "findSchedule",
        "FindScheduleAction",
        Data,
        Op::FindNamed(Named::Schedule),
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "findEmergencyGroup",
        "FindEmergencyGroupAction",
        Data,
        Op::FindNamed(Named::EmergencyGroup),
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "getExternalContact",
        "GetExternalContactAction",
        Data,
        Op::GetExternalContact,
        facts::CONTACT_LOOKUP,
        &[
            req("externalId", "externalId", Expr).typed(Ty::STRING),
            p("externalResult", "externalResult", Var),
        ],
        FOUND_NOT_FOUND,
    ),
    action(
        "searchExternalContacts",
        "SearchExternalContactsAction",
        Data,
        Op::SearchExternalContacts,
        Facts::PLAIN,
        &[req("searchTerm", "searchTerm", Expr), p("externalResults", "externalResults", Var)],
        &[
            out("matchExact", "__MATCH_EXACT__"),
            out("matchMultiple", "__MATCH_MULTIPLE__"),
            out("notFound", "__NOT_FOUND__"),
        ],
    ),
    action(
        "evaluateSchedule",
        "EvaluateScheduleAction",
        Data,
        Op::EvaluateSchedule,
        facts::SCHEDULE,
        // The export names the schedule and the emergency group `scheduleName` and
        // `emergencyGroupName` (beside their ids), and the evaluation time
        // `evaluationDateTime`, as Architect's Scripting SDK writes them. The schedule is
        // required unless the action evaluates an emergency group (`check`: `missingProperty`).
        &[
            p("schedule", "scheduleName", Target).names(Org::Schedule),
            p("timeZone", "timeZone", Expr).sdk("scheduleTimeZone").typed(Ty::STRING),
            p("evaluate", "evaluationDateTime", Expr).typed(Ty::DATETIME).sdk("evaluationDateTime"),
            // The SDK's `evaluateNow` (true: the time of the run, the default), beside the
            // date and time it then ignores.
            p("evaluateNow", "evaluateNow", Expr).typed(Ty::BOOLEAN),
            p("evaluateEmergencyGroup", "evaluateEmergencyGroup", Expr).typed(Ty::BOOLEAN),
            p("emergencyGroup", "emergencyGroupName", Target).names(Org::EmergencyGroup),
        ],
        &[out("active", "__ACTIVE__"), out("inactive", "__INACTIVE__")],
    ),
    action(
        "evaluateScheduleGroup",
        "EvaluateScheduleGroupAction",
        Data,
        Op::EvaluateScheduleGroup,
        facts::SCHEDULE_GROUP,
        &[
            req("scheduleGroup", "scheduleGroupName", Target).names(Org::ScheduleGroup),
            p("emergencyGroup", "emergencyGroupName", Target).names(Org::EmergencyGroup),
            p("evaluate", "evaluationDateTime", Expr).typed(Ty::DATETIME).sdk("evaluationDateTime"),
            p("evaluateNow", "evaluateNow", Expr).typed(Ty::BOOLEAN),
            p("inServiceSchedules", "inServiceSchedules", Var),
        ],
        &[
            out("open", "__OPEN__"),
            out("closed", "__CLOSED__"),
            out("holiday", "__HOLIDAY__"),
            out("emergency", "__EMERGENCY__"),
        ],
    ),
    action(
        "getParticipantData",
        "GetAttributesAction",
        Data,
        Op::GetParticipantData,
        facts::GET_PARTICIPANT_DATA,
        &[req("attributes", "variables", List(ATTRIBUTE_GET))],
        NONE,
    ),
    action(
        "setParticipantData",
        "SetAttributesAction",
        Data,
        Op::SetParticipantData,
        Facts::PLAIN,
        &[req("attributes", "variables", List(ATTRIBUTE_SET))],
        NONE,
    ),
    action(
        "setConversationData",
        "SetConversationDataAction",
        Data,
        Op::SetConversationData,
        Facts::PLAIN,
        &[
            p("conversationId", "conversationId", Expr),
            p("participantId", "participantId", Expr),
            req("attributes", "variables", List(ATTRIBUTE_SET)),
        ],
        SUCCESS_FAILURE,
    ),
    action(
        "getConversationData",
        "GetConversationDataAction",
        Data,
        Op::GetConversationData,
        Facts::PLAIN,
        &[
            p("conversationId", "conversationId", Expr),
            p("participantId", "participantId", Expr),
            req("attributes", "variables", List(ATTRIBUTE_GET)),
        ],
        FOUND_NOT_FOUND,
    ),
    action(
        "findUsersById",
        "",
        Data,
        Op::FindUsersById,
        Facts::PLAIN,
        &[req("findIds", "findIds", Expr), p("findResult", "findResult", Var)],
        &[
            out("found", "__FOUND__"),
            out("partiallyFound", "__PARTIALLY_FOUND__"),
            out("notFound", "__NOT_FOUND__"),
        ],
    ),
    action(
        "findUtilizationLabel",
        "",
        Data,
        Op::FindNamed(Named::UtilizationLabel),
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "findSystemPrompt",
        "",
        Data,
        Op::FindNamed(Named::SystemPrompt),
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "findUserPrompt",
        "",
        Data,
        Op::FindNamed(Named::UserPrompt),
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "findGrammar",
        "",
        Data,
        Op::FindNamed(Named::Grammar),
        Facts::PLAIN,
        FIND,
        FOUND_NOT_FOUND,
    ),
    action(
        "findGrammarById",
        "",
        Data,
        Op::FindNamed(Named::Grammar),
        Facts::PLAIN,
        FIND_ID,
        FOUND_NOT_FOUND,
    ),
    action(
        "associateExternalContact",
        "",
        Data,
        Op::AssociateExternalContact,
        Facts::PLAIN,
        &[req("externalId", "externalId", Expr)],
        FOUND_NOT_FOUND,
    ),
    action(
        "promoteExternalContact",
        "",
        Data,
        Op::PromoteExternalContact,
        Facts::PLAIN,
        &[
            req("externalId", "externalId", Expr).typed(Ty::STRING),
            p("externalResult", "externalResult", Var),
        ],
        SUCCESS_FAILURE,
    ),
    // Get External Organization: the SDK's export writes Get External Contact's keys.
    action(
        "getExternalOrganization",
        "",
        Data,
        Op::FindNamed(Named::ExternalOrganization),
        Facts::PLAIN,
        &[
            req("externalId", "externalId", Expr).typed(Ty::STRING),
            p("externalResult", "externalResult", Var),
        ],
        FOUND_NOT_FOUND,
    ),
    action(
        "getAssignedCustomerIntents",
        "",
        Data,
        Op::NeedsStub(
            "the intents assigned to a customer live in the org's customer-intent records \
             (assigned to an external contact, expiring after at most 30 days), which no \
             fixture holds; Genesys has no page for what the action takes or writes",
        ),
        Facts::NEEDS_STUB,
        &[],
        FOUND_NOT_FOUND_FAILURE,
    ),
    // Journey lookups: the fixtures' `services` mocks, under the action's own key.
    action(
        "getJourneyOutcome",
        "",
        Data,
        JOURNEY,
        facts::JOURNEY,
        &[req("outcomeId", "outcomeId", Expr), p("findResult", "findResult", Var)],
        FOUND_NOT_FOUND,
    ),
    action(
        "getJourneyOutcomeScoresBySession",
        "",
        Data,
        JOURNEY,
        facts::JOURNEY,
        &[req("sessionId", "sessionId", Expr), p("findResult", "findResult", Var)],
        FOUND_NOT_FOUND,
    ),
    action(
        "getJourneySegment",
        "",
        Data,
        JOURNEY,
        facts::JOURNEY,
        &[req("segmentId", "segmentId", Expr), p("findResult", "findResult", Var)],
        FOUND_NOT_FOUND,
    ),
    action(
        "getJourneySession",
        "",
        Data,
        JOURNEY,
        facts::JOURNEY,
        &[req("sessionId", "sessionId", Expr), p("findResult", "findResult", Var)],
        FOUND_NOT_FOUND,
    ),
    action(
        "getJourneySessionDetails",
        "",
        Data,
        JOURNEY,
        facts::JOURNEY,
        &[req("sessionId", "sessionId", Expr), p("findResult", "findResult", Var)],
        FOUND_NOT_FOUND,
    ),
    action(
        "getJourneySessionsByCustomer",
        "",
        Data,
        JOURNEY,
        facts::JOURNEY,
        &[req("customerId", "customerId", Expr), p("findResult", "findResult", Var)],
        FOUND_NOT_FOUND,
    ),
    action(
        "getJourneySessionsByExternalContact",
        "",
        Data,
        JOURNEY,
        facts::JOURNEY,
        &[req("externalContactId", "externalContactId", Expr), p("findResult", "findResult", Var)],
        FOUND_NOT_FOUND,
    ),
    // Get SIP Headers / Get Raw SIP Headers: the property keys follow the help pages' labels
    // ("SIP Header Names", "SIP Headers Result", "Raw SIP Headers Result", "Failure Outputs").
    action(
        "getSIPHeaders",
        "",
        Data,
        Op::GetSipHeaders,
        facts::SIP_HEADERS,
        &[
            p("sipHeaderNames", "sipHeaderNames", Expr),
            p("sipHeadersResult", "sipHeadersResult", Var),
            p("failureOutputs", "errorBindings", VarMap),
        ],
        SUCCESS_FAILURE,
    ),
    action(
        "getRawSIPHeaders",
        "",
        Data,
        Op::GetRawSipHeaders,
        facts::SIP_HEADERS,
        &[
            p("rawSipHeadersResult", "rawSipHeadersResult", Var),
            p("failureOutputs", "errorBindings", VarMap),
        ],
        SUCCESS_FAILURE,
    ),
    // Get / Set Secured Data: participant data the customer's own key encrypts; the same
    // attribute lists as Get / Set Participant Data.
    action(
        "getSecuredData",
        "",
        Data,
        Op::GetSecuredData,
        facts::GET_SECURED_DATA,
        &[req("attributes", "variables", List(ATTRIBUTE_GET))],
        SUCCESS_FAILURE,
    ),
    action(
        "setSecuredData",
        "",
        Data,
        Op::SetSecuredData,
        facts::SET_SECURED_DATA,
        &[req("attributes", "variables", List(ATTRIBUTE_SET))],
        SUCCESS_FAILURE,
    ),
    // Extract Secure Data copies secure values into ordinary variables: Update Data's
    // statements, the same export shape (`variables: [{variable, expression}]`).
    action(
        "extractSecureData",
        "",
        Data,
        Op::UpdateData,
        facts::UPDATE_DATA,
        &[
            req("statements", "variables", List(STATEMENT)),
            // The author's acknowledgment that the action makes secure data insecure, which
            // Architect's validation asks for (`check`); an export keeps who acknowledged it,
            // `acknowledgementUserId`. A run extracts either way.
            p("hasSecureDataAcknowledgment", "acknowledgementUserId", Expr).typed(Ty::BOOLEAN),
        ],
        NONE,
    )
    .refused(&[Refused::SecureDataOutsideSecure])
    .secure(super::SecureData::Extracts),
    // Call Decision Table: the table, its inputs by name, the chosen row's outputs by name.
    action(
        "callDecisionTable",
        "",
        Data,
        Op::CallDecisionTable,
        Facts::PLAIN,
        &[
            req("decisionTable", "decisionTable", Text),
            p("inputs", "inputs", ExprMap),
            p("successOutputs", "outputs", VarMap),
            p("failureOutputs", "errorBindings", VarMap),
        ],
        SUCCESS_FAILURE,
    ),
    // A Bridge server action (an on-premises connector's action, named as the export's
    // `BridgeServerAction` names it): called by name and answered as a data action is, with
    // the same inputs, outputs and timeout.
    action(
        "callBridge",
        "BridgeServerAction",
        Data,
        Op::CallData,
        facts::CALL_DATA,
        CALL_BRIDGE,
        SUCCESS_FAILURE_TIMEOUT,
    ),
    // Update Workitem's statements name the attribute they set as the flow reads it
    // (`Workitem.Workitem.priority`), typed like Update Data's.
    action(
        "updateWorkitem",
        "",
        Data,
        Op::UpdateWorkitem,
        Facts::PLAIN,
        &[req("statements", "statements", List(STATEMENT))],
        SUCCESS_FAILURE,
    ),
    action(
        "callDataSecure",
        "SecureDataAction",
        Data,
        Op::CallData,
        facts::CALL_DATA,
        CALL_DATA,
        SUCCESS_FAILURE_TIMEOUT,
    )
    .refused(&[Refused::SecureDataOutsideSecure])
    .secure(super::SecureData::CallsOnly),
    action(
        "decryptData",
        "DecryptDataAction",
        Data,
        Op::NeedsStub("decryption needs the org's keys"),
        Facts::NEEDS_STUB,
        &[],
        SUCCESS_FAILURE,
    ),
    action(
        "encryptData",
        "EncryptDataAction",
        Data,
        Op::NeedsStub("encryption needs the org's keys"),
        Facts::NEEDS_STUB,
        &[],
        SUCCESS_FAILURE,
    ),
];

/// The properties the engine reads, found in the entries above when the crate compiles
/// ([`PropId`](super::PropId)).
pub mod prop {
    use super::super::PropId;
    use super::ACTIONS;

    const UPDATE: &[&str] = &["updateData", "extractSecureData", "updateWorkitem"];
    /// Update Data's statements, each a record of [`STATEMENT_TYPE`], [`STATEMENT_VARIABLE`]
    /// and [`STATEMENT_VALUE`].
    pub const STATEMENTS: PropId = PropId::of(ACTIONS, UPDATE, "statements");
    pub const STATEMENT_TYPE: PropId = PropId::field(ACTIONS, UPDATE, "statements", "type");
    pub const STATEMENT_VARIABLE: PropId = PropId::field(ACTIONS, UPDATE, "statements", "variable");
    pub const STATEMENT_VALUE: PropId = PropId::field(ACTIONS, UPDATE, "statements", "value");
    /// Whether Extract Secure Data's author acknowledged that it makes secure data insecure:
    /// read after `Action::has`, as Update Data (the same operation) has no such property.
    pub const SECURE_ACKNOWLEDGMENT: PropId =
        PropId::of(ACTIONS, &["extractSecureData"], "hasSecureDataAcknowledgment");

    const CALL_DATA: &[&str] = &["callData", "callDataSecure", "callBridge"];
    pub const DATA_ACTION: PropId = PropId::of(ACTIONS, CALL_DATA, "dataAction");
    pub const DATA_ACTION_TIMEOUT: PropId = PropId::of(ACTIONS, CALL_DATA, "timeout");
    pub const DATA_ACTION_INPUTS: PropId = PropId::of(ACTIONS, CALL_DATA, "inputs");
    pub const DATA_ACTION_SUCCESS: PropId = PropId::of(ACTIONS, CALL_DATA, "successOutputs");
    pub const DATA_ACTION_FAILURE: PropId = PropId::of(ACTIONS, CALL_DATA, "failureOutputs");
    pub const DATA_ACTION_PROCESSING_PROMPT: PropId =
        PropId::of(ACTIONS, CALL_DATA, "processingPrompt");

    const LOOKUP: &[&str] = &["dataTableLookup"];
    pub const DATA_TABLE: PropId = PropId::of(ACTIONS, LOOKUP, "dataTable");
    pub const LOOKUP_VALUE: PropId = PropId::of(ACTIONS, LOOKUP, "lookupValue");
    pub const LOOKUP_FOUND: PropId = PropId::of(ACTIONS, LOOKUP, "foundOutputs");
    pub const LOOKUP_FAILURE: PropId = PropId::of(ACTIONS, LOOKUP, "failureOutputs");

    const DECISION: &[&str] = &["callDecisionTable"];
    pub const DECISION_TABLE: PropId = PropId::of(ACTIONS, DECISION, "decisionTable");
    pub const DECISION_INPUTS: PropId = PropId::of(ACTIONS, DECISION, "inputs");
    pub const DECISION_SUCCESS: PropId = PropId::of(ACTIONS, DECISION, "successOutputs");
    pub const DECISION_FAILURE: PropId = PropId::of(ACTIONS, DECISION, "failureOutputs");

    /// Every action the engine runs as a find: what it looks for, and where the result goes.
    const FINDS: &[&str] = &[
        "findQueue",
        "findQueueById",
        "findUser",
        "findUserById",
        "findGroup",
        "findSkill",
        "findLanguageSkill",
        "findScheduleGroup",
        "findSchedule",
        "findEmergencyGroup",
        "findUtilizationLabel",
        "findSystemPrompt",
        "findUserPrompt",
        "findGrammar",
        "findGrammarById",
        "getExternalContact",
        "getExternalOrganization",
        "promoteExternalContact",
        "findUsersById",
    ];
    /// A find's key: a name (Find User's: an e-mail address), an id, an external id, ids.
    pub const FIND_KEY: PropId =
        PropId::one_of(ACTIONS, FINDS, &["findName", "findId", "externalId", "findIds"]);
    /// The variable a find writes.
    pub const FIND_RESULT: PropId =
        PropId::one_of(ACTIONS, FINDS, &["findResult", "externalResult"]);
    pub const ASSOCIATE_ID: PropId =
        PropId::of(ACTIONS, &["associateExternalContact"], "externalId");
    const SEARCH: &[&str] = &["searchExternalContacts"];
    pub const SEARCH_TERM: PropId = PropId::of(ACTIONS, SEARCH, "searchTerm");
    pub const SEARCH_RESULTS: PropId = PropId::of(ACTIONS, SEARCH, "externalResults");

    const EVALUATE: &[&str] = &["evaluateSchedule"];
    const GROUP: &[&str] = &["evaluateScheduleGroup"];
    pub const SCHEDULE: PropId = PropId::of(ACTIONS, EVALUATE, "schedule");
    pub const SCHEDULE_TIME_ZONE: PropId = PropId::of(ACTIONS, EVALUATE, "timeZone");
    pub const SCHEDULE_EVALUATE: PropId = PropId::of(ACTIONS, EVALUATE, "evaluate");
    /// Evaluate Schedule's evaluation type: true for Emergency Group, else Schedule.
    pub const EVALUATE_EMERGENCY_GROUP: PropId =
        PropId::of(ACTIONS, EVALUATE, "evaluateEmergencyGroup");
    pub const SCHEDULE_EMERGENCY_GROUP: PropId = PropId::of(ACTIONS, EVALUATE, "emergencyGroup");
    pub const SCHEDULE_GROUP: PropId = PropId::of(ACTIONS, GROUP, "scheduleGroup");
    pub const EMERGENCY_GROUP: PropId = PropId::of(ACTIONS, GROUP, "emergencyGroup");
    pub const IN_SERVICE_SCHEDULES: PropId = PropId::of(ACTIONS, GROUP, "inServiceSchedules");
    pub const SCHEDULE_GROUP_EVALUATE: PropId = PropId::of(ACTIONS, GROUP, "evaluate");

    const GET_ATTRIBUTES: &[&str] = &["getParticipantData", "getSecuredData"];
    const SET_ATTRIBUTES: &[&str] = &["setParticipantData", "setSecuredData"];
    const GET_RECORDS: &[&str] = &["getParticipantData", "getSecuredData", "getConversationData"];
    const SET_RECORDS: &[&str] = &["setParticipantData", "setSecuredData", "setConversationData"];
    const CONVERSATION: &[&str] = &["setConversationData", "getConversationData"];
    /// Participant (or secured) data to read: records of [`GET_NAME`] and [`GET_VARIABLE`].
    pub const GET_ATTRIBUTES_LIST: PropId = PropId::of(ACTIONS, GET_ATTRIBUTES, "attributes");
    pub const GET_NAME: PropId = PropId::field(ACTIONS, GET_RECORDS, "attributes", "name");
    pub const GET_VARIABLE: PropId = PropId::field(ACTIONS, GET_RECORDS, "attributes", "variable");
    /// Participant (or secured) data to write: records of [`SET_NAME`] and [`SET_VALUE`].
    pub const SET_ATTRIBUTES_LIST: PropId = PropId::of(ACTIONS, SET_ATTRIBUTES, "attributes");
    pub const SET_NAME: PropId = PropId::field(ACTIONS, SET_RECORDS, "attributes", "name");
    pub const SET_VALUE: PropId = PropId::field(ACTIONS, SET_RECORDS, "attributes", "value");
    pub const CONVERSATION_ID: PropId = PropId::of(ACTIONS, CONVERSATION, "conversationId");
    /// Set and Get Conversation Data's attributes (records as Set and Get Participant Data's).
    pub const CONVERSATION_ATTRIBUTES: PropId = PropId::of(ACTIONS, CONVERSATION, "attributes");

    /// Every journey lookup: the id it looks up, and where its result goes.
    const JOURNEYS: &[&str] = &[
        "getJourneyOutcome",
        "getJourneyOutcomeScoresBySession",
        "getJourneySegment",
        "getJourneySession",
        "getJourneySessionDetails",
        "getJourneySessionsByCustomer",
        "getJourneySessionsByExternalContact",
    ];
    pub const JOURNEY_ID: PropId = PropId::one_of(
        ACTIONS,
        JOURNEYS,
        &["outcomeId", "sessionId", "segmentId", "customerId", "externalContactId"],
    );
    pub const JOURNEY_RESULT: PropId = PropId::of(ACTIONS, JOURNEYS, "findResult");

    pub const SIP_HEADER_NAMES: PropId = PropId::of(ACTIONS, &["getSIPHeaders"], "sipHeaderNames");
    pub const SIP_HEADERS_RESULT: PropId =
        PropId::of(ACTIONS, &["getSIPHeaders"], "sipHeadersResult");
    pub const RAW_SIP_HEADERS_RESULT: PropId =
        PropId::of(ACTIONS, &["getRawSIPHeaders"], "rawSipHeadersResult");
    pub const SIP_FAILURE: PropId = PropId::of(ACTIONS, &["getSIPHeaders"], "failureOutputs");
    pub const RAW_SIP_FAILURE: PropId =
        PropId::of(ACTIONS, &["getRawSIPHeaders"], "failureOutputs");

    /// Every id above, for the catalogue's test that each is read only on the entries it names.
    #[cfg(test)]
    pub const ALL: &[PropId] = &[
        STATEMENTS,
        STATEMENT_TYPE,
        STATEMENT_VARIABLE,
        STATEMENT_VALUE,
        DATA_ACTION,
        DATA_ACTION_TIMEOUT,
        DATA_ACTION_INPUTS,
        DATA_ACTION_SUCCESS,
        DATA_ACTION_FAILURE,
        DATA_ACTION_PROCESSING_PROMPT,
        DATA_TABLE,
        LOOKUP_VALUE,
        LOOKUP_FOUND,
        LOOKUP_FAILURE,
        DECISION_TABLE,
        DECISION_INPUTS,
        DECISION_SUCCESS,
        DECISION_FAILURE,
        FIND_KEY,
        FIND_RESULT,
        ASSOCIATE_ID,
        SEARCH_TERM,
        SEARCH_RESULTS,
        SCHEDULE,
        SCHEDULE_TIME_ZONE,
        SCHEDULE_EVALUATE,
        EVALUATE_EMERGENCY_GROUP,
        SCHEDULE_EMERGENCY_GROUP,
        SCHEDULE_GROUP,
        EMERGENCY_GROUP,
        IN_SERVICE_SCHEDULES,
        SCHEDULE_GROUP_EVALUATE,
        GET_ATTRIBUTES_LIST,
        GET_NAME,
        GET_VARIABLE,
        SET_ATTRIBUTES_LIST,
        SET_NAME,
        SET_VALUE,
        CONVERSATION_ID,
        CONVERSATION_ATTRIBUTES,
        JOURNEY_ID,
        JOURNEY_RESULT,
        SIP_HEADER_NAMES,
        SIP_HEADERS_RESULT,
        RAW_SIP_HEADERS_RESULT,
        SIP_FAILURE,
        RAW_SIP_FAILURE,
    ];
}

/// The fixed outputs the engine takes, found in the entries above when the crate compiles
/// ([`OutputId`](super::OutputId)).
pub mod out {
    use super::super::OutputId;
    use super::ACTIONS;

    /// The actions whose first outputs are `success` and `failure`.
    const SUCCEEDS: &[&str] = &[
        "callData",
        "callDataSecure",
        "callBridge",
        "callDecisionTable",
        "promoteExternalContact",
        "setConversationData",
        "getSecuredData",
        "setSecuredData",
        "getSIPHeaders",
        "getRawSIPHeaders",
        "updateWorkitem",
    ];
    pub const SUCCESS: OutputId = OutputId::of(ACTIONS, SUCCEEDS, "success");
    pub const FAILURE: OutputId = OutputId::of(ACTIONS, SUCCEEDS, "failure");
    /// A data action that did not answer in time.
    pub const TIMEOUT: OutputId =
        OutputId::of(ACTIONS, &["callData", "callDataSecure", "callBridge"], "timeout");

    /// The actions whose first outputs are `found` and `notFound`: the finds, a data table
    /// lookup, and a contact or conversation looked up.
    const FINDS: &[&str] = &[
        "findQueue",
        "findQueueById",
        "findUser",
        "findUserById",
        "findGroup",
        "findSkill",
        "findLanguageSkill",
        "findScheduleGroup",
        "findSchedule",
        "findEmergencyGroup",
        "findUtilizationLabel",
        "findSystemPrompt",
        "findUserPrompt",
        "findGrammar",
        "findGrammarById",
        "getExternalContact",
        "getExternalOrganization",
        "associateExternalContact",
        "getConversationData",
        "dataTableLookup",
    ];
    pub const FOUND: OutputId = OutputId::of(ACTIONS, FINDS, "found");
    pub const NOT_FOUND: OutputId = OutputId::of(ACTIONS, FINDS, "notFound");
    /// A data table the fixtures do not hold.
    pub const LOOKUP_FAILURE: OutputId = OutputId::of(ACTIONS, &["dataTableLookup"], "failure");

    /// Find Users By Id: all, some or none of the ids found.
    const USERS: &[&str] = &["findUsersById"];
    pub const USERS_FOUND: OutputId = OutputId::of(ACTIONS, USERS, "found");
    pub const USERS_PARTIALLY_FOUND: OutputId = OutputId::of(ACTIONS, USERS, "partiallyFound");
    pub const USERS_NOT_FOUND: OutputId = OutputId::of(ACTIONS, USERS, "notFound");

    /// Search External Contacts: one contact matches, several, or none.
    const SEARCH: &[&str] = &["searchExternalContacts"];
    pub const MATCH_EXACT: OutputId = OutputId::of(ACTIONS, SEARCH, "matchExact");
    pub const MATCH_MULTIPLE: OutputId = OutputId::of(ACTIONS, SEARCH, "matchMultiple");
    pub const NO_MATCH: OutputId = OutputId::of(ACTIONS, SEARCH, "notFound");

    pub const ACTIVE: OutputId = OutputId::of(ACTIONS, &["evaluateSchedule"], "active");
    pub const INACTIVE: OutputId = OutputId::of(ACTIONS, &["evaluateSchedule"], "inactive");
    const GROUP: &[&str] = &["evaluateScheduleGroup"];
    pub const OPEN: OutputId = OutputId::of(ACTIONS, GROUP, "open");
    pub const CLOSED: OutputId = OutputId::of(ACTIONS, GROUP, "closed");
    pub const HOLIDAY: OutputId = OutputId::of(ACTIONS, GROUP, "holiday");
    pub const EMERGENCY: OutputId = OutputId::of(ACTIONS, GROUP, "emergency");

    /// Every id above, for the catalogue's test that each names every entry of its entries'
    /// operations that has the output.
    #[cfg(test)]
    pub const ALL: &[OutputId] = &[
        SUCCESS,
        FAILURE,
        TIMEOUT,
        FOUND,
        NOT_FOUND,
        LOOKUP_FAILURE,
        USERS_FOUND,
        USERS_PARTIALLY_FOUND,
        USERS_NOT_FOUND,
        MATCH_EXACT,
        MATCH_MULTIPLE,
        NO_MATCH,
        ACTIVE,
        INACTIVE,
        OPEN,
        CLOSED,
        HOLIDAY,
        EMERGENCY,
    ];
}
