//! Lookups into the fixtures that found nothing (`Miss`), recorded as data on the run's
//! warnings so that a test harness can fail a scenario on a miss it did not ask for
//! (docs/scenarios.md, `expect.missing`).
//!
//! Invariants: one miss per (node, kind of lookup, name) and run, kept on the run's warning of
//! that lookup (`Warning::missing`): `unmockedDataAction` for a data action no mock answers,
//! `notInFixtures` for every other kind. A miss is written `kind:name` (`dataAction:Get
//! Account`, `queue:Billing`, `row:Accounts/999999`): [`Miss::label`] and [`Miss::parse`]
//! are each other's inverse, kinds compared ignoring case.

use crate::kind::ErrorKind;
use std::fmt;
use std::sync::Arc;

/// The warning kind of a miss other than a data action's: a diagnostic code, so `flowsim
/// explain notInFixtures` says what it means.
pub const NOT_IN_FIXTURES: &str = crate::diag::Code::NotInFixtures.as_str();

/// What a lookup looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sought {
    /// Call Data Action with no mock response that fits: `dataAction:Get Account`.
    DataAction,
    /// A transfer's or Find Queue's queue: `queue:Billing`.
    Queue,
    /// A transfer's or Find User's user: `user:ann@example.com`.
    User,
    /// `group:Supervisors`.
    Group,
    /// Find Skill: `skill:Billing`.
    Skill,
    /// Find Language Skill: `language:Spanish`.
    Language,
    /// Data Table Lookup's table: `dataTable:Accounts`.
    DataTable,
    /// Data Table Lookup's row (`notFound`): `row:Accounts/999999`, the table, `/`, the key.
    Row,
    /// Evaluate Schedule, Find Schedule: `schedule:Weekdays`.
    Schedule,
    /// `scheduleGroup:Main Office`.
    ScheduleGroup,
    /// `emergencyGroup:Storm`.
    EmergencyGroup,
    /// Call Decision Table: `decisionTable:Discounts`.
    DecisionTable,
    /// Get Response: `response:Greeting`.
    Response,
    /// Find User Prompt, Find System Prompt (when the fixtures list the org's): `prompt:Welcome`.
    Prompt,
    /// Find Grammar: `grammar:Yes No`.
    Grammar,
    /// Find Utilization Label: `utilizationLabel:Premium`.
    UtilizationLabel,
    /// Get External Organization: `externalOrganization:o1`.
    ExternalOrganization,
    /// Dial by Extension: no user of the fixtures has the extension dialled, `extension:4021`.
    Extension,
}

impl Sought {
    pub const ALL: [Sought; 18] = [
        Sought::DataAction,
        Sought::Queue,
        Sought::User,
        Sought::Group,
        Sought::Skill,
        Sought::Language,
        Sought::DataTable,
        Sought::Row,
        Sought::Schedule,
        Sought::ScheduleGroup,
        Sought::EmergencyGroup,
        Sought::DecisionTable,
        Sought::Response,
        Sought::Prompt,
        Sought::Grammar,
        Sought::UtilizationLabel,
        Sought::ExternalOrganization,
        Sought::Extension,
    ];

    /// The word a scenario writes before the name (`queue` in `queue:Billing`).
    pub fn as_str(self) -> &'static str {
        match self {
            Sought::DataAction => "dataAction",
            Sought::Queue => "queue",
            Sought::User => "user",
            Sought::Group => "group",
            Sought::Skill => "skill",
            Sought::Language => "language",
            Sought::DataTable => "dataTable",
            Sought::Row => "row",
            Sought::Schedule => "schedule",
            Sought::ScheduleGroup => "scheduleGroup",
            Sought::EmergencyGroup => "emergencyGroup",
            Sought::DecisionTable => "decisionTable",
            Sought::Response => "response",
            Sought::Prompt => "prompt",
            Sought::Grammar => "grammar",
            Sought::UtilizationLabel => "utilizationLabel",
            Sought::ExternalOrganization => "externalOrganization",
            Sought::Extension => "extension",
        }
    }

    /// In words, for messages: `data action`, `schedule group`.
    pub fn noun(self) -> &'static str {
        match self {
            Sought::DataAction => "data action",
            Sought::DataTable => "data table",
            Sought::Row => "data table row",
            Sought::ScheduleGroup => "schedule group",
            Sought::EmergencyGroup => "emergency group",
            Sought::DecisionTable => "decision table",
            Sought::UtilizationLabel => "utilization label",
            Sought::ExternalOrganization => "external organization",
            Sought::Language => "language skill",
            Sought::Extension => "user extension",
            other => other.as_str(),
        }
    }

    /// The name `fixtures` hold of this kind one typo from `name`, the likelier fix of a miss
    /// than a new entry (`util::nearest_among`: among at most 256 names of the kind). `None`
    /// for kinds sought by a key rather than a name (a row, an extension) and those the store
    /// does not list.
    pub fn nearest<'f>(
        self,
        fixtures: &'f crate::fixtures::FixtureStore,
        name: &str,
    ) -> Option<&'f str> {
        use crate::util::nearest_among as among;
        match self {
            Sought::DataAction => among(name, fixtures.data_action_names()),
            Sought::Queue => among(name, fixtures.queues().map(|q| &*q.name)),
            Sought::User => among(name, fixtures.users().map(|u| &*u.name)),
            Sought::Group => among(name, fixtures.groups().map(|g| &*g.name)),
            Sought::Skill => among(name, fixtures.skills().map(|s| &*s.name)),
            Sought::Language => among(name, fixtures.languages().map(|l| &*l.name)),
            Sought::DataTable => among(name, fixtures.data_tables().map(|t| &*t.name)),
            Sought::Schedule => among(name, fixtures.schedules().map(|s| &*s.name)),
            Sought::ScheduleGroup => among(name, fixtures.schedule_groups().map(|g| &*g.name)),
            Sought::EmergencyGroup => among(name, fixtures.emergency_groups().map(|g| &*g.name)),
            Sought::Response => among(name, fixtures.responses().map(|r| &*r.name)),
            Sought::Prompt => among(name, fixtures.prompts().map(|p| &*p.name)),
            Sought::UtilizationLabel => {
                among(name, fixtures.utilization_labels().map(|l| &*l.name))
            }
            Sought::Row
            | Sought::Extension
            | Sought::DecisionTable
            | Sought::Grammar
            | Sought::ExternalOrganization => None,
        }
    }

    /// The fixture files' key that holds what was sought (docs/fixtures.md).
    pub fn section(self) -> &'static str {
        match self {
            Sought::DataAction => "dataActions",
            Sought::Queue => "queues",
            Sought::User | Sought::Extension => "users",
            Sought::Group => "groups",
            Sought::Skill => "skills",
            Sought::Language => "languages",
            Sought::DataTable | Sought::Row => "dataTables",
            Sought::Schedule => "schedules",
            Sought::ScheduleGroup => "scheduleGroups",
            Sought::EmergencyGroup => "emergencyGroups",
            Sought::DecisionTable => "decisionTables",
            Sought::Response => "responses",
            Sought::Prompt => "prompts",
            Sought::Grammar => "grammars",
            Sought::UtilizationLabel => "utilizationLabels",
            Sought::ExternalOrganization => "externalOrganizations",
        }
    }

    /// The run error a miss of this kind raises when it is not the flow's own path (a data
    /// action's failure output, a transfer's failure): a scenario that expects that error
    /// expects the miss. `None` for misses that only take a `notFound` output.
    pub fn error_kind(self) -> Option<ErrorKind> {
        Some(match self {
            Sought::DataAction => ErrorKind::UnmockedDataAction,
            Sought::Queue => ErrorKind::QueueNotFound,
            Sought::User | Sought::Extension => ErrorKind::UserNotFound,
            Sought::Group => ErrorKind::GroupNotFound,
            Sought::Skill => ErrorKind::SkillNotFound,
            Sought::Language => ErrorKind::LanguageNotFound,
            Sought::DataTable => ErrorKind::DataTableNotFound,
            Sought::Schedule => ErrorKind::ScheduleNotFound,
            Sought::ScheduleGroup => ErrorKind::ScheduleGroupNotFound,
            Sought::EmergencyGroup => ErrorKind::EmergencyGroupNotFound,
            Sought::DecisionTable => ErrorKind::DecisionTableNotFound,
            Sought::Response => ErrorKind::ResponseNotFound,
            _ => return None,
        })
    }

    /// The kind a scenario names (`queue`, `dataAction`), ignoring case.
    pub fn parse(word: &str) -> Option<Sought> {
        Sought::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(word.trim()))
    }
}

/// One lookup that found nothing: what was sought and the name or id it was sought by (for a
/// row, the table's name and the key).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Miss {
    pub sought: Sought,
    pub name: Arc<str>,
    /// A row's key (`Sought::Row`; `name` is then its table's).
    pub key: Option<Arc<str>>,
}

impl Miss {
    pub fn new(sought: Sought, name: &str) -> Miss {
        Miss { sought, name: Arc::from(name), key: None }
    }

    /// A row `key` of table `table` that is not there.
    pub fn row(table: &str, key: &str) -> Miss {
        Miss { sought: Sought::Row, name: Arc::from(table), key: Some(Arc::from(key)) }
    }

    /// What a scenario writes to expect the miss: `queue:Billing`, `row:Accounts/999999`.
    pub fn label(&self) -> String {
        self.to_string()
    }

    /// Reads `kind:name` as a scenario writes it; `None` when the kind is no lookup's. A row
    /// is `row:TABLE/KEY` (the key after the last `/`).
    pub fn parse(text: &str) -> Option<Miss> {
        let (kind, name) = text.split_once(':')?;
        let sought = Sought::parse(kind)?;
        let name = name.trim();
        if name.is_empty() {
            return None;
        }
        if sought == Sought::Row {
            let (table, key) = name.rsplit_once('/')?;
            return Some(Miss::row(table.trim(), key));
        }
        Some(Miss::new(sought, name))
    }

    /// Whether `self`, as a scenario wrote it, names `other`, a run's miss: the same kind, the
    /// names equal ignoring case (fixtures find names ignoring case), a row's key exactly.
    pub fn names(&self, other: &Miss) -> bool {
        self.sought == other.sought
            && self.name.eq_ignore_ascii_case(&other.name)
            && self.key == other.key
    }

    /// The warning's message: `queue `Billing` is not in the fixtures`.
    pub fn message(&self) -> String {
        match &self.key {
            Some(key) => {
                format!("data table `{}` has no row with key `{key}` in the fixtures", self.name)
            }
            None if self.sought == Sought::DataAction => {
                format!("no mock response of the fixtures fits data action `{}`", self.name)
            }
            None => format!("{} `{}` is not in the fixtures", self.sought.noun(), self.name),
        }
    }
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.sought.as_str(), self.name)?;
        if let Some(key) = &self.key {
            write!(f, "/{key}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A miss one typo from a fixture name gets it; a kind of more names than
    /// `util::NEAREST_AMONG` gets no guess (the comparisons a failure costs stay bounded).
    #[test]
    fn the_nearest_fixture_name_is_offered_among_at_most_256() {
        let dir = tempfile::tempdir().unwrap();
        let store = |n: usize| {
            let queues: Vec<String> = (0..n)
                .map(|i| format!("{{\"id\": \"q{i}\", \"name\": \"Queue {i:03}\"}}"))
                .collect();
            let path = dir.path().join(format!("q{n}.json"));
            std::fs::write(&path, format!("{{\"queues\": [{}]}}", queues.join(","))).unwrap();
            crate::fixtures::FixtureStore::load(&[path]).expect("queues load")
        };
        let at_most = store(crate::util::NEAREST_AMONG);
        assert_eq!(Sought::Queue.nearest(&at_most, "Queue 2555"), Some("Queue 255"));
        assert_eq!(Sought::Queue.nearest(&at_most, "Billing"), None, "nothing near");
        assert_eq!(Sought::Row.nearest(&at_most, "Queue 255"), None, "a row is sought by key");
        let more = store(crate::util::NEAREST_AMONG + 1);
        assert_eq!(Sought::Queue.nearest(&more, "Queue 2555"), None);
    }

    #[test]
    fn a_miss_reads_back_as_written() {
        for text in ["queue:Billing", "dataAction:Get Account", "row:Accounts/999999"] {
            assert_eq!(Miss::parse(text).unwrap().label(), text);
        }
        assert_eq!(Miss::parse("Queue: Billing").unwrap(), Miss::new(Sought::Queue, "Billing"));
        assert_eq!(Miss::parse("row:a/b/c").unwrap(), Miss::row("a/b", "c"));
        for bad in ["queue", "queue:", "table:x", "row:nokey", ":x"] {
            assert_eq!(Miss::parse(bad), None, "{bad}");
        }
        for s in Sought::ALL {
            assert_eq!(Sought::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn names_compare_ignoring_case_and_row_keys_exactly() {
        let want = Miss::parse("queue:billing").unwrap();
        assert!(want.names(&Miss::new(Sought::Queue, "Billing")));
        assert!(!want.names(&Miss::new(Sought::User, "Billing")));
        let row = Miss::parse("row:accounts/A1").unwrap();
        assert!(row.names(&Miss::row("Accounts", "A1")));
        assert!(!row.names(&Miss::row("Accounts", "a1")));
    }
}
